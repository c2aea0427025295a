//! `partage mail preview KIND`: a message rendered with sample data, to see what readers and
//! admins receive without sending anything.

use super::templates::{self, Chapter, Content, Item};
use crate::db;
use crate::db::subscriptions::SubscriptionRow;
use crate::i18n::Locale;

/// A message of `kind` rendered with sample data, for `partage mail preview`.
pub fn preview(chapter_name: &str, base: &str, kind: &str, locale: &str) -> Option<Content> {
    let l = Locale::find(locale).unwrap_or_else(Locale::fallback);
    let chapter = Chapter {
        name: chapter_name,
        url: base.trim_end_matches('/'),
    };
    let sub = SubscriptionRow {
        email: "reader@example.org".into(),
        kinds: "all".into(),
        latitude: Some(48.86),
        longitude: Some(2.44),
        radius_km: Some(5.0),
        place: "Montreuil".into(),
        origin: "all".into(),
        frequency: "weekly".into(),
        ..SubscriptionRow::default()
    };
    let url = |path: &str| format!("{}{path}", chapter.url);
    let sample = |name: &str, line: &str, path: &str, new| Item {
        name: name.into(),
        line: line.into(),
        url: url(path),
        picture: None,
        new,
    };
    let since = crate::domain::now() - chrono::Duration::days(7);
    Some(match kind {
        "confirm" => templates::confirm(l, &chapter, &sub, &url("/subscriptions/confirm/SECRET")),
        "digest" => templates::digest(
            l,
            &chapter,
            &sub,
            since,
            &[
                (
                    l.t("mail-digest-initiatives").into_owned(),
                    vec![
                        sample(
                            "Repair Café Croix-de-Chavaux",
                            "Bring what is broken; we fix it together.",
                            "/initiatives/repair-cafe",
                            true,
                        ),
                        sample(
                            "Outilthèque de Montreuil",
                            "Borrow a drill rather than buy one.",
                            "/initiatives/outiltheque",
                            false,
                        ),
                    ],
                    0,
                    url("/initiatives"),
                ),
                (
                    l.t("mail-digest-events").into_owned(),
                    vec![sample(
                        "Disco Soupe",
                        "Saturday 12 December 2026, 11:00 · Place de la Croix-de-Chavaux",
                        "/events/disco-soupe",
                        true,
                    )],
                    3,
                    url("/events"),
                ),
            ],
            &url("/subscriptions/SECRET"),
            &url("/subscriptions/SECRET/unsubscribe"),
        ),
        "notices" | "notices-daily" => {
            let notice = |id, kind: &str, subject: &str, label: &str| db::notices::NoticeRow {
                id,
                kind: kind.into(),
                subject: subject.into(),
                label: label.into(),
                created_at: crate::domain::now(),
            };
            templates::notices(
                l,
                &chapter,
                kind == "notices-daily",
                &[
                    notice(
                        1,
                        "suggestion",
                        "/admin/review",
                        "Jardin partagé des Buttes",
                    ),
                    notice(
                        2,
                        "follower",
                        "https://mastodon.example/@ana",
                        "@ana@mastodon.example",
                    ),
                ],
                &url("/admin/account"),
                &url("/admin/notices/SECRET/off"),
            )
        }
        "reminder" => templates::reminder(
            l,
            &chapter,
            "Repair Café Croix-de-Chavaux",
            false,
            &templates::ReminderLinks {
                page: &url("/initiatives/repair-cafe"),
                active: &url("/fresh/SECRET/active"),
                edit: &url("/owner/SECRET"),
                closed: &url("/fresh/SECRET/closed"),
            },
        ),
        "owner-link" => templates::owner_link(
            l,
            &chapter,
            "Repair Café Croix-de-Chavaux",
            &url("/owner/SECRET"),
        ),
        _ => return None,
    })
}
