//! The `partage` binary: parse the command line, load the settings, dispatch.

use clap::Parser;
use partage::cli::{
    AdminCommand, Cli, Command, ExportFormatArg, MailCommand, TokenCommand, UserCommand,
};
use partage::config::Settings;
use partage::ops::export::ExportFormat;
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
    telemetry::init(&settings.log.level, settings.log.format);
    let result = match cli.command {
        Command::Serve { role } => app::serve(settings, role).await,
        Command::Migrate => admin::migrate(&settings).await,
        Command::Follow { target, policy } => {
            admin::network::follow(settings, &target, &policy).await
        }
        Command::Unfollow { target, remove } => {
            admin::network::unfollow(settings, &target, remove).await
        }
        Command::Import { source, dry_run } => {
            admin::data::import(&settings, &source, dry_run).await
        }
        Command::Source { command } => admin::sources::command(&settings, command).await,
        Command::Export { format, output } => {
            let format = match format {
                ExportFormatArg::Json => ExportFormat::Json,
                ExportFormatArg::Csv => ExportFormat::Csv,
                ExportFormatArg::Geojson => ExportFormat::GeoJson,
            };
            admin::data::export(&settings, format, output.as_deref()).await
        }
        Command::Backup { file } => admin::backup::backup(&settings, &file).await,
        Command::Restore { file } => admin::backup::restore(&settings, &file).await,
        Command::Doctor => admin::doctor::doctor(&settings).await,
        Command::MigrateDb { to } => admin::backup::migrate_db(&settings, &to).await,
        Command::MigrateMedia { .. } => admin::backup::migrate_media(&settings).await,
        Command::Mail { command } => match command {
            MailCommand::SendDue => admin::mail::send_due(settings).await,
            MailCommand::Preview { kind, lang } => admin::mail::preview(&settings, &kind, &lang),
        },
        Command::Admin {
            command: AdminCommand::Token { command },
        } => match command {
            TokenCommand::Create { name } => admin::token_create(&settings, &name).await,
            TokenCommand::Revoke { id } => admin::token_revoke(&settings, id).await,
            TokenCommand::List => admin::token_list(&settings).await,
        },
        Command::Admin {
            command: AdminCommand::User { command },
        } => match command {
            UserCommand::Create { username, role } => {
                admin::users::create(&settings, &username, &role).await
            }
            UserCommand::Password { username } => {
                admin::users::password(&settings, &username).await
            }
            UserCommand::List => admin::users::list(&settings).await,
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
