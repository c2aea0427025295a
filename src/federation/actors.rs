//! Our two actors: the chapter (`Group`) and the instance (`Application`), as documents.

use activitypub_federation::config::Data;
use activitypub_federation::traits::{Actor, Object};
use async_trait::async_trait;
use url::Url;

use super::protocol::actor::{ActorDocument, Endpoints, Image, PropertyValue, PublicKey};
use super::protocol::context;
use super::{Context, Error, LocalActor};
use crate::domain::text::escape_html;

/// The chapter's actor document.
pub fn chapter_document(ctx: &Context) -> ActorDocument {
    let urls = &ctx.urls;
    let instance = &ctx.settings.instance;
    let website = if instance.website.is_empty() {
        urls.base().to_string()
    } else {
        instance.website.clone()
    };
    let key = ctx.keys.get(LocalActor::Chapter);
    ActorDocument {
        context: context(),
        id: urls.actor(LocalActor::Chapter),
        kind: "Group",
        preferred_username: instance.slug.clone(),
        name: instance.name.clone(),
        summary: format!("<p>{}</p>", escape_html(&instance.description)),
        url: urls.base(),
        inbox: urls.inbox(LocalActor::Chapter),
        outbox: urls.outbox(LocalActor::Chapter),
        followers: Some(urls.followers()),
        following: Some(urls.following()),
        endpoints: Endpoints {
            shared_inbox: Some(urls.shared_inbox()),
        },
        public_key: PublicKey {
            id: urls.key_id(LocalActor::Chapter),
            owner: urls.actor(LocalActor::Chapter),
            public_key_pem: key.public_key_pem.clone(),
        },
        icon: Some(Image {
            kind: "Image",
            media_type: "image/png",
            url: urls.icon(),
        }),
        attachment: vec![PropertyValue {
            kind: "PropertyValue",
            name: "Website".into(),
            value: format!(
                "<a href=\"{0}\" rel=\"me nofollow noopener noreferrer\" target=\"_blank\">{0}</a>",
                escape_html(&website)
            ),
        }],
        manually_approves_followers: false,
        discoverable: true,
        indexable: true,
        published: key.created_at,
        upcoming_events: Some(urls.upcoming_events()),
        featured: Some(urls.featured()),
    }
}

/// The instance actor's document: it signs our fetches and is linked from NodeInfo.
pub fn application_document(ctx: &Context) -> ActorDocument {
    let urls = &ctx.urls;
    let key = ctx.keys.get(LocalActor::Application);
    ActorDocument {
        context: context(),
        id: urls.actor(LocalActor::Application),
        kind: "Application",
        preferred_username: urls.domain(),
        name: format!("{} (instance)", ctx.settings.instance.name),
        summary: "<p>The Partage instance itself, and the chapter's agenda: follow it to receive the chapter's events.</p>"
            .into(),
        url: urls.base(),
        inbox: urls.inbox(LocalActor::Application),
        outbox: urls.outbox(LocalActor::Application),
        followers: Some(urls.followers_of(LocalActor::Application)),
        following: None,
        endpoints: Endpoints {
            shared_inbox: Some(urls.shared_inbox()),
        },
        public_key: PublicKey {
            id: urls.key_id(LocalActor::Application),
            owner: urls.actor(LocalActor::Application),
            public_key_pem: key.public_key_pem.clone(),
        },
        icon: None,
        attachment: Vec::new(),
        manually_approves_followers: false,
        discoverable: false,
        indexable: false,
        published: key.created_at,
        upcoming_events: None,
        featured: Some(urls.application_featured()),
    }
}

/// The application actor as activitypub_federation needs it, to sign our fetches.
#[derive(Debug, Clone)]
pub struct ApplicationActor {
    id: Url,
    inbox: Url,
    public_key_pem: String,
    private_key_pem: String,
}

impl ApplicationActor {
    pub fn new(ctx: &Context) -> Self {
        let key = ctx.keys.get(LocalActor::Application);
        ApplicationActor {
            id: ctx.urls.actor(LocalActor::Application),
            inbox: ctx.urls.inbox(LocalActor::Application),
            public_key_pem: key.public_key_pem.clone(),
            private_key_pem: key.private_key_pem.clone(),
        }
    }
}

#[async_trait]
impl Object for ApplicationActor {
    type DataType = Context;
    type Kind = serde_json::Value;
    type Error = Error;

    fn id(&self) -> &Url {
        &self.id
    }

    async fn read_from_id(_: Url, _: &Data<Context>) -> Result<Option<Self>, Error> {
        Ok(None)
    }

    async fn into_json(self, data: &Data<Context>) -> Result<Self::Kind, Error> {
        Ok(serde_json::to_value(application_document(data)).expect("documents serialise"))
    }

    async fn verify(_: &Self::Kind, _: &Url, _: &Data<Context>) -> Result<(), Error> {
        Err(Error::Invalid("the application actor is local".into()))
    }

    async fn from_json(_: Self::Kind, _: &Data<Context>) -> Result<Self, Error> {
        Err(Error::Invalid("the application actor is local".into()))
    }
}

impl Actor for ApplicationActor {
    fn public_key_pem(&self) -> &str {
        &self.public_key_pem
    }

    fn private_key_pem(&self) -> Option<String> {
        Some(self.private_key_pem.clone())
    }

    fn inbox(&self) -> Url {
        self.inbox.clone()
    }
}
