//! The URL layout of everything we publish over ActivityPub, in one place.

use url::Url;

/// Which of our two actors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LocalActor {
    /// The chapter, a `Group`: `@slug@domain`, followed by people and chapters.
    Chapter,
    /// The instance's `Application` actor: signs our fetches, linked from NodeInfo.
    Application,
}

impl LocalActor {
    pub fn as_str(self) -> &'static str {
        match self {
            LocalActor::Chapter => "chapter",
            LocalActor::Application => "application",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "chapter" => Some(LocalActor::Chapter),
            "application" => Some(LocalActor::Application),
            _ => None,
        }
    }
}

/// Builds our public URLs from the base URL and the chapter's slug.
#[derive(Debug, Clone)]
pub struct Urls {
    base: String,
    slug: String,
}

impl Urls {
    pub fn new(base: &Url, slug: &str) -> Self {
        Urls {
            base: base.as_str().trim_end_matches('/').to_owned(),
            slug: slug.to_owned(),
        }
    }

    fn at(&self, path: &str) -> Url {
        Url::parse(&format!("{}{path}", self.base)).expect("our URLs parse")
    }

    pub fn base(&self) -> Url {
        self.at("/")
    }

    pub fn slug(&self) -> &str {
        &self.slug
    }

    /// The host and port others see, as in `@slug@domain`.
    pub fn domain(&self) -> String {
        let base = self.base();
        match base.port() {
            Some(port) => format!("{}:{port}", base.host_str().unwrap_or_default()),
            None => base.host_str().unwrap_or_default().to_owned(),
        }
    }

    pub fn actor(&self, actor: LocalActor) -> Url {
        match actor {
            LocalActor::Chapter => self.at(&format!("/actors/{}", self.slug)),
            LocalActor::Application => self.at("/actor"),
        }
    }

    pub fn key_id(&self, actor: LocalActor) -> String {
        format!("{}#main-key", self.actor(actor))
    }

    pub fn inbox(&self, actor: LocalActor) -> Url {
        let mut url = self.actor(actor);
        url.set_path(&format!("{}/inbox", url.path()));
        url
    }

    pub fn shared_inbox(&self) -> Url {
        self.at("/inbox")
    }

    pub fn outbox(&self, actor: LocalActor) -> Url {
        let mut url = self.actor(actor);
        url.set_path(&format!("{}/outbox", url.path()));
        url
    }

    pub fn followers(&self) -> Url {
        self.at(&format!("/actors/{}/followers", self.slug))
    }

    /// The followers of either actor (the application actor's: the agendas that follow it).
    pub fn followers_of(&self, actor: LocalActor) -> Url {
        match actor {
            LocalActor::Chapter => self.followers(),
            LocalActor::Application => self.at("/actor/followers"),
        }
    }

    /// The chapter's pinned posts: its next upcoming events.
    pub fn featured(&self) -> Url {
        self.at(&format!("/actors/{}/featured", self.slug))
    }

    /// The application actor's pinned posts: none, but GoToSocial logs an error for an
    /// account without the collection.
    pub fn application_featured(&self) -> Url {
        self.at("/actor/featured")
    }

    /// The `Create` of an event by the application actor, as its outbox lists it.
    pub fn event_create(&self, id: i64) -> Url {
        self.at(&format!("/ap/events/{id}/create"))
    }

    pub fn following(&self) -> Url {
        self.at(&format!("/actors/{}/following", self.slug))
    }

    /// FEP-8a8e: the chapter's upcoming events.
    pub fn upcoming_events(&self) -> Url {
        self.at(&format!("/actors/{}/events", self.slug))
    }

    pub fn initiative(&self, id: i64) -> Url {
        self.at(&format!("/ap/initiatives/{id}"))
    }

    pub fn event(&self, id: i64) -> Url {
        self.at(&format!("/ap/events/{id}"))
    }

    pub fn initiative_page(&self, slug: &str) -> Url {
        self.at(&format!("/initiatives/{slug}"))
    }

    pub fn event_page(&self, slug: &str) -> Url {
        self.at(&format!("/events/{slug}"))
    }

    pub fn activity(&self, token: &str) -> Url {
        self.at(&format!("/ap/activities/{token}"))
    }

    pub fn tag(&self, tag: &str) -> Url {
        let mut url = self.at("/initiatives");
        url.query_pairs_mut().append_pair("tag", tag);
        url
    }

    pub fn icon(&self) -> Url {
        self.at("/icon.png")
    }

    pub fn nodeinfo(&self) -> Url {
        self.at("/nodeinfo/2.1")
    }

    /// Our object id for a URL, when it is one of our initiatives or events.
    pub fn parse_object(&self, url: &Url) -> Option<(ObjectKind, i64)> {
        let rest = url.as_str().strip_prefix(&self.base)?;
        let (kind, id) = rest.strip_prefix("/ap/")?.split_once('/')?;
        let kind = match kind {
            "initiatives" => ObjectKind::Initiative,
            "events" => ObjectKind::Event,
            _ => return None,
        };
        Some((kind, id.parse().ok()?))
    }

    pub fn is_local(&self, url: &Url) -> bool {
        url.as_str().starts_with(&format!("{}/", self.base)) || url.as_str() == self.base
    }
}

/// The kinds of objects we publish.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ObjectKind {
    Initiative,
    Event,
}

impl ObjectKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ObjectKind::Initiative => "initiative",
            ObjectKind::Event => "event",
        }
    }
}
