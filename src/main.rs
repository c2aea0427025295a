//! The `partage` binary: parse the command line, load the settings, dispatch.

use clap::Parser;
use partage::cli::{AdminCommand, Cli, Command, TokenCommand};
use partage::config::Settings;
use partage::{admin, app, telemetry};

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let settings = match Settings::load(cli.config.as_deref()) {
        Ok(settings) => settings,
        Err(e) => {
            eprintln!("partage: {e}");
            return std::process::ExitCode::from(78); // EX_CONFIG
        }
    };
    telemetry::init(&settings.log.level);
    let result = match cli.command {
        Command::Serve => app::serve(settings).await,
        Command::Migrate => admin::migrate(&settings).await,
        Command::Follow { target, policy } => admin::follow(settings, &target, &policy).await,
        Command::Unfollow { target, remove } => admin::unfollow(settings, &target, remove).await,
        Command::Admin {
            command: AdminCommand::Token { command },
        } => match command {
            TokenCommand::Create { name } => admin::token_create(&settings, &name).await,
            TokenCommand::Revoke { id } => admin::token_revoke(&settings, id).await,
            TokenCommand::List => admin::token_list(&settings).await,
        },
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("partage: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
