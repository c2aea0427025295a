//! What each message says, in text and HTML, from data already loaded: the renderer and
//! `partage mail preview` both call these.

use chrono::{DateTime, Utc};
use fluent_bundle::FluentValue;
use maud::{DOCTYPE, Markup, PreEscaped, html};

use crate::db::notices::NoticeRow;
use crate::db::subscriptions::SubscriptionRow;
use crate::i18n::Locale;

/// A message's content.
#[derive(Debug, Clone)]
pub struct Content {
    pub subject: String,
    pub text: String,
    pub html: String,
    /// The one-click unsubscribe address (RFC 8058) of a message that is not a direct answer.
    pub unsubscribe: Option<String>,
}

/// What every template knows of the chapter.
pub struct Chapter<'a> {
    pub name: &'a str,
    pub url: &'a str,
}

/// One entry of a digest.
pub struct Item {
    pub name: String,
    /// A line under the name: the summary, or the date and place of an event.
    pub line: String,
    pub url: String,
    pub picture: Option<(String, String)>,
    pub new: bool,
}

/// "Confirm your subscription".
pub fn confirm(l: &Locale, chapter: &Chapter, sub: &SubscriptionRow, link: &str) -> Content {
    let intro = l.tr(
        "mail-confirm-intro",
        &[
            ("chapter", chapter.name.into()),
            ("what", what(l, sub).into()),
            (
                "frequency",
                l.t(&format!("mail-frequency-{}", sub.frequency))
                    .into_owned()
                    .into(),
            ),
        ],
    );
    let subject = l.tr("mail-confirm-subject", &[("chapter", chapter.name.into())]);
    one_link(l, chapter, subject, intro, "mail-confirm", link)
}

/// What is new in a subscription's area.
pub fn digest(
    l: &Locale,
    chapter: &Chapter,
    sub: &SubscriptionRow,
    since: DateTime<Utc>,
    sections: &[(String, Vec<Item>, usize, String)],
    manage: &str,
    unsubscribe: &str,
) -> Content {
    let count: usize = sections
        .iter()
        .map(|(_, items, more, _)| items.len() + more)
        .sum();
    let date = since.format_localized("%e %B %Y", l.chrono).to_string();
    let intro = l.tr(
        "mail-digest-intro",
        &[
            ("what", what(l, sub).into()),
            ("date", date.trim().to_owned().into()),
        ],
    );
    let footer = l.tr("mail-digest-footer", &[("chapter", chapter.name.into())]);
    let manage_label = l.t("mail-manage");
    let mut text = format!("{intro}\n");
    for (title, items, more, list_url) in sections {
        text.push_str(&format!(
            "\n{title}\n{}\n",
            "=".repeat(title.chars().count())
        ));
        for item in items {
            let mark = if item.new {
                l.t("mail-digest-new")
            } else {
                l.t("mail-digest-changed")
            };
            text.push_str(&format!(
                "\n* {} ({mark})\n  {}\n  {}\n",
                item.name, item.line, item.url
            ));
        }
        if *more > 0 {
            text.push_str(&format!("\n{}\n", more_line(l, *more, list_url)));
        }
    }
    text.push_str(&format!("\n-- \n{footer}\n{manage_label}: {manage}\n"));
    let body = html! {
        p { (intro) }
        @for (title, items, more, list_url) in sections {
            h2 { (title) }
            @for item in items {
                table.item role="presentation" { tr {
                    @if let Some((src, alt)) = &item.picture {
                        td.thumb { img src=(src) alt=(alt) width="96"; }
                    }
                    td {
                        a href=(item.url) { strong { (item.name) } }
                        " "
                        span.mark { (if item.new { l.t("mail-digest-new") } else { l.t("mail-digest-changed") }) }
                        br;
                        (item.line)
                    }
                } }
            }
            @if *more > 0 { p { a href=(list_url) { (more_line(l, *more, list_url)) } } }
        }
    };
    Content {
        subject: l.tr(
            "mail-digest-subject",
            &[
                ("count", (count as i64).into()),
                ("chapter", chapter.name.into()),
            ],
        ),
        text,
        html: page(
            l,
            chapter,
            body,
            Some((footer.as_str(), manage_label.as_ref(), manage)),
        ),
        unsubscribe: Some(unsubscribe.to_owned()),
    }
}

/// What waits for an admin (at once, or the day's digest).
pub fn notices(
    l: &Locale,
    chapter: &Chapter,
    daily: bool,
    notices: &[NoticeRow],
    settings: &str,
    unsubscribe: &str,
) -> Content {
    let subject_key = if daily {
        "mail-notices-daily-subject"
    } else {
        "mail-notices-subject"
    };
    let lines: Vec<(String, String)> = notices
        .iter()
        .map(|n| {
            let what = l.tr(
                &format!("mail-notice-{}", n.kind),
                &[("label", n.label.as_str().into())],
            );
            let url = if n.subject.starts_with('/') {
                format!("{}{}", chapter.url, n.subject)
            } else {
                n.subject.clone()
            };
            (what, url)
        })
        .collect();
    let footer = l.t("mail-notices-footer");
    let settings_label = l.t("mail-notices-settings");
    let mut text = String::new();
    for (what, url) in &lines {
        text.push_str(&format!("* {what}\n  {url}\n"));
    }
    text.push_str(&format!("\n-- \n{footer}\n{settings_label}: {settings}\n"));
    Content {
        subject: l.tr(
            subject_key,
            &[
                ("count", FluentValue::from(notices.len() as i64)),
                ("chapter", chapter.name.into()),
            ],
        ),
        text,
        html: page(
            l,
            chapter,
            html! {
                ul { @for (what, url) in &lines { li { a href=(url) { (what) } } } }
            },
            Some((footer.as_ref(), settings_label.as_ref(), settings)),
        ),
        unsubscribe: Some(unsubscribe.to_owned()),
    }
}

/// The links a reminder carries.
pub struct ReminderLinks<'a> {
    pub page: &'a str,
    pub active: &'a str,
    pub edit: &'a str,
    pub closed: &'a str,
}

/// "Is it still active?", to an initiative's contact.
pub fn reminder(
    l: &Locale,
    chapter: &Chapter,
    name: &str,
    second: bool,
    links: &ReminderLinks,
) -> Content {
    let args = [
        ("name", FluentValue::from(name)),
        ("chapter", chapter.name.into()),
    ];
    let intro = l.tr("mail-reminder-intro", &args);
    let why = l.tr("mail-reminder-why", &args);
    let choices = [
        (l.t("mail-reminder-active"), links.active),
        (l.t("mail-reminder-edit"), links.edit),
        (l.t("mail-reminder-closed"), links.closed),
    ];
    let mut text = format!("{intro}\n{}\n\n", links.page);
    for (label, url) in &choices {
        text.push_str(&format!("* {label}:\n  {url}\n"));
    }
    text.push_str(&format!("\n-- \n{why}\n"));
    let subject_key = if second {
        "mail-reminder-subject-again"
    } else {
        "mail-reminder-subject"
    };
    Content {
        subject: l.tr(subject_key, &args),
        text,
        html: page(
            l,
            chapter,
            html! {
                p { (intro) " " a href=(links.page) { (name) } }
                @for (label, url) in &choices { p { a.button href=(url) { (label) } } }
                p.small { (why) }
            },
            None,
        ),
        unsubscribe: None,
    }
}

/// The link an owner asked for, to fix their entry.
pub fn owner_link(l: &Locale, chapter: &Chapter, name: &str, link: &str) -> Content {
    let args = [
        ("name", FluentValue::from(name)),
        ("chapter", chapter.name.into()),
    ];
    let (subject, intro) = (
        l.tr("mail-owner-subject", &args),
        l.tr("mail-owner-intro", &args),
    );
    one_link(l, chapter, subject, intro, "mail-owner", link)
}

/// A direct answer holding one link: the intro, the link as a button (its label is
/// `{prefix}-action`), and what to do if it was not asked for (`{prefix}-ignore`).
fn one_link(
    l: &Locale,
    chapter: &Chapter,
    subject: String,
    intro: String,
    prefix: &str,
    link: &str,
) -> Content {
    let action = l.t(&format!("{prefix}-action"));
    let ignore = l.t(&format!("{prefix}-ignore"));
    Content {
        subject,
        text: format!("{intro}\n\n{action}:\n{link}\n\n{ignore}\n"),
        html: page(
            l,
            chapter,
            html! {
                p { (intro) }
                p { a.button href=(link) { (action) } }
                p.small { (ignore) }
            },
            None,
        ),
        unsubscribe: None,
    }
}

/// What a subscription covers, in words: "initiatives and events within 5 km of Montreuil".
pub fn what(l: &Locale, sub: &SubscriptionRow) -> String {
    let kinds = l.t(&format!("mail-what-{}", sub.kinds));
    let area = match (sub.latitude, sub.radius_km) {
        (Some(_), Some(radius)) => {
            let place = if sub.place.is_empty() {
                l.t("mail-area-here").into_owned()
            } else {
                sub.place.clone()
            };
            l.tr(
                "mail-area-near",
                &[("radius", radius.into()), ("place", place.into())],
            )
        }
        _ => l.t("mail-area-everywhere").into_owned(),
    };
    format!("{kinds} {area}")
}

fn more_line(l: &Locale, more: usize, url: &str) -> String {
    l.tr(
        "mail-digest-more",
        &[("count", (more as i64).into()), ("url", url.into())],
    )
}

/// The frame of every HTML message: the chapter's name, the body, and why it came.
fn page(l: &Locale, chapter: &Chapter, body: Markup, footer: Option<(&str, &str, &str)>) -> String {
    html! {
        (DOCTYPE)
        html lang=(l.tag) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width";
                style { (PreEscaped(STYLE)) }
            }
            body {
                div.frame {
                    p.chapter { a href=(chapter.url) { (chapter.name) } }
                    (body)
                    @if let Some((why, label, url)) = footer {
                        p.small { (why) " " a href=(url) { (label) } }
                    }
                }
            }
        }
    }
    .into_string()
}

const STYLE: &str = "body{margin:0;background:#f4f4f0;font:16px/1.5 system-ui,sans-serif;color:#1d1d1b}\
.frame{max-width:600px;margin:0 auto;padding:24px;background:#fff}\
.chapter a{font-weight:bold;color:#1d5c3f;text-decoration:none}\
a{color:#1d5c3f}h2{font-size:18px;margin:24px 0 8px}\
.button{display:inline-block;padding:10px 18px;background:#1d5c3f;color:#fff;border-radius:4px;text-decoration:none}\
.item{margin:0 0 12px}.thumb{padding-right:12px;vertical-align:top}.thumb img{border-radius:4px}\
.mark{font-size:13px;color:#5b5b57}.small{font-size:13px;color:#5b5b57;margin-top:32px}";
