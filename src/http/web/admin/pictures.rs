//! The pictures of an entry's form, for initiatives and events alike: each with its preview,
//! its required description and its focal point (a click on the preview), the main one first;
//! added by dropping files, choosing them or taking a photo (`admin.js` uploads each at once to
//! `/admin/media`), or without JavaScript by the small form under an entry's page.

use axum::Json;
use axum::extract::{FromRequest, Multipart, Path, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};

use super::super::Ui;
use super::form::Input;
use super::session::{FormData, Signed, csrf_field, forbidden, same_site};
use super::{log, problem};
use crate::app::AppState;
use crate::db::origin::Entries;
use crate::domain::pictures::{self, Picture};
use crate::domain::{self, Problems};
use crate::http::api::media::MediaView;
use crate::http::error::ApiError;
use crate::http::upload::{self, Parts};
use crate::media::file_names;

/// An entry's pictures as form values: `images` in order, each one's description and focus.
pub fn values(pictures: &[Picture], v: &mut Vec<(String, String)>) {
    for p in pictures {
        v.push(("images".into(), p.key.clone()));
        v.push((format!("description.{}", p.key), p.description.clone()));
        let focus = p.focus.map(|(x, y)| format!("{x},{y}")).unwrap_or_default();
        v.push((format!("focus.{}", p.key), focus));
    }
}

/// What the form says of its pictures.
pub struct Chosen {
    /// The pictures kept, the main one first.
    pub keys: Vec<String>,
    /// Each one's description and focal point, checked.
    described: Vec<Described>,
}

/// A picture's id, description and focal point.
type Described = (String, String, Option<(f64, f64)>);

/// Reads the pictures of a form: the main one moved first, the removed ones left out, every
/// description required (a problem at `description.{id}`).
pub fn read(form: &FormData, problems: &mut Problems) -> Chosen {
    let removed = form.all("images_remove");
    let mut keys: Vec<String> = form
        .all("images")
        .into_iter()
        .filter(|k| !removed.contains(k))
        .collect();
    let main = form.get("images_main");
    if let Some(at) = keys.iter().position(|k| k == main) {
        let key = keys.remove(at);
        keys.insert(0, key);
    }
    let mut described = Vec::new();
    for key in &keys {
        let description = form.get(&format!("description.{key}"));
        let focus = form.get(&format!("focus.{key}"));
        let mut these = Problems::default();
        if let Some((d, f)) = upload::described(Some(description), Some(focus), &mut these) {
            described.push((key.clone(), d, f));
        }
        for p in these.iter() {
            problems.add(format!("{}.{key}", p.field), p.message.clone());
        }
    }
    Chosen { keys, described }
}

impl Chosen {
    /// The form with its `images` as chosen, for `form::read`.
    pub fn applied_to(&self, form: FormData) -> FormData {
        let mut pairs: Vec<(String, String)> =
            form.0.into_iter().filter(|(k, _)| k != "images").collect();
        pairs.extend(self.keys.iter().map(|k| ("images".to_owned(), k.clone())));
        FormData(pairs)
    }

    /// Saves the descriptions and focal points that changed; whether any did.
    pub async fn save(&self, state: &AppState) -> Result<bool, domain::Error> {
        let current = pictures::by_keys(&state.db, &self.keys).await?;
        let mut changed = false;
        for (key, description, focus) in &self.described {
            let same = current
                .iter()
                .any(|p| &p.key == key && &p.description == description && &p.focus == focus);
            if !same {
                pictures::describe(&state.db, key, description, *focus).await?;
                changed = true;
            }
        }
        Ok(changed)
    }
}

/// The pictures a form names, to show them again.
pub async fn shown(state: &AppState, form: &FormData) -> Vec<Picture> {
    pictures::by_keys(&state.db, &form.all("images"))
        .await
        .unwrap_or_default()
}

/// The pictures' fieldset of an entry's form.
pub fn fieldset(
    state: &AppState,
    ui: &Ui,
    shown: &[Picture],
    v: &FormData,
    problems: &Problems,
) -> Markup {
    let media = &state.media;
    let per_entry = state.rules.pictures_per_entry;
    html! {
        fieldset.pictures data-upload="/admin/media" data-max=(per_entry)
            data-uploading=(ui.t("pictures-uploading")) data-describe=(ui.t("pictures-description"))
            data-main=(ui.t("pictures-main")) data-remove=(ui.t("pictures-remove"))
            data-focus=(ui.t("pictures-focus")) {
            legend { (ui.t("pictures")) }
            p.hint #pictures-hint { (ui.locale.tr("pictures-hint", &[("count", (per_entry as i64).into())])) }
            ol.picture-list {
                @for (i, p) in shown.iter().enumerate() {
                    @let description = format!("description.{}", p.key);
                    @let focus = format!("focus.{}", p.key);
                    li.picture data-key=(p.key) {
                        input type="hidden" name="images" value=(p.key);
                        input type="hidden" name=(focus) value=(v.get(&focus));
                        @if let Some(files) = &p.files {
                            @let (_, preview) = file_names(&p.key, &files.media_type);
                            button.focus-picker type="button" title=(ui.t("pictures-focus")) {
                                img src=(media.url(&preview)) alt="" width=(files.preview_width) height=(files.preview_height);
                            }
                        } @else {
                            p.hint { (ui.t("pictures-copying")) }
                        }
                        (Input::new(&description, ui.t("pictures-description"), v.get(&description))
                            .kind("textarea").required().render(problems))
                        label.check {
                            input type="radio" name="images_main" value=(p.key) checked[i == 0];
                            " " (ui.t("pictures-main"))
                        }
                        label.check {
                            input type="checkbox" name="images_remove" value=(p.key);
                            " " (ui.t("pictures-remove"))
                        }
                    }
                }
            }
            div.drop {
                label for="pictures-add" { (ui.t("pictures-add")) }
                input #pictures-add type="file" accept="image/jpeg,image/png,image/webp,image/gif"
                    multiple aria-describedby="pictures-hint";
                p.error role="alert" aria-live="assertive" hidden {}
            }
        }
    }
}

/// The form without JavaScript that adds one picture to an existing entry.
pub fn add_form(ui: &Ui, signed: &Signed, list: &str, slug: &str) -> Markup {
    html! {
        noscript {
            form.upload method="post" enctype="multipart/form-data" action={ "/admin/" (list) "/" (slug) "/pictures" } {
                (csrf_field(signed))
                h2 { (ui.t("pictures-add")) }
                div.field { label for="upload-file" { (ui.t("pictures-file")) } input #upload-file type="file" name="file" required; }
                div.field { label.required for="upload-description" { (ui.t("pictures-description")) }
                    textarea #upload-description name="description" rows="2" required {} }
                button type="submit" { (ui.t("pictures-upload")) }
            }
        }
    }
}

/// A multipart form of a signed-in user, from our own pages, with the session's CSRF token.
pub struct AdminUpload {
    pub signed: Signed,
    pub parts: Parts,
}

impl FromRequest<AppState> for AdminUpload {
    type Rejection = Response;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Response> {
        let (mut parts, body) = req.into_parts();
        let signed = <Signed as axum::extract::FromRequestParts<AppState>>::from_request_parts(
            &mut parts, state,
        )
        .await?;
        let ui = <Ui as axum::extract::FromRequestParts<AppState>>::from_request_parts(
            &mut parts, state,
        )
        .await
        .expect("infallible");
        if !same_site(&parts.headers, state) {
            return Err(forbidden(state, &ui, &ui.t("form-cross-site")));
        }
        let multipart = Multipart::from_request(Request::from_parts(parts, body), state)
            .await
            .map_err(|e| ApiError::BadRequest(e.body_text()).into_response())?;
        let max = state.settings.media.max_upload_bytes;
        let parts = upload::read(multipart, max)
            .await
            .map_err(IntoResponse::into_response)?;
        if parts.text("_csrf") != Some(signed.session.csrf.as_str()) {
            return Err(forbidden(state, &ui, &ui.t("form-expired")));
        }
        Ok(AdminUpload { signed, parts })
    }
}

/// `POST /admin/media`: an upload from an entry's form; answers the picture as the API does.
/// Its description may still be empty: the entry's form asks for it before saving.
pub async fn upload(
    State(state): State<AppState>,
    form: AdminUpload,
) -> Result<Response, ApiError> {
    let mut problems = Problems::default();
    let focus = form.parts.text("focus").filter(|f| !f.trim().is_empty());
    let focus = match focus.map(pictures::focus).transpose() {
        Ok(f) => f,
        Err(why) => {
            problems.add("focus", why);
            return Err(ApiError::Invalid(problems));
        }
    };
    let Some(file) = form.parts.file("file").cloned() else {
        problems.add("file", "is required");
        return Err(ApiError::Invalid(problems));
    };
    let description = form
        .parts
        .text("description")
        .unwrap_or_default()
        .trim()
        .to_owned();
    let picture = upload::keep(&state, file, description, focus).await?;
    log(&state, &form.signed, "media.create", &picture.key).await;
    Ok((
        StatusCode::CREATED,
        Json(MediaView::new(&state.media, &picture)),
    )
        .into_response())
}

/// `POST /admin/{list}/{slug}/pictures`: one picture added to an entry, without JavaScript.
pub async fn add(
    State(state): State<AppState>,
    ui: Ui,
    Path((list, slug)): Path<(String, String)>,
    form: AdminUpload,
) -> Response {
    let entries = match list.as_str() {
        "initiatives" => Entries::Initiatives,
        "events" => Entries::Events,
        _ => return super::refused(&state, &ui, domain::Error::NotFound("entry")),
    };
    let back = format!("/admin/{list}/{slug}");
    let mut problems = Problems::default();
    let described = upload::described(form.parts.text("description"), None, &mut problems);
    let (Some((description, _)), Some(file)) = (described, form.parts.file("file").cloned()) else {
        return super::refused(
            &state,
            &ui,
            domain::Error::Invalid(problem("description", "is required")),
        );
    };
    let picture = match upload::keep(&state, file, description, None).await {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let added = super::entries::add_picture(&state, entries, &slug, &picture.key).await;
    match added {
        Ok(()) => {
            super::entries::changed(
                &state,
                &form.signed,
                ("media.create", &picture.key),
                &back,
                "picture-added",
            )
            .await
        }
        Err(e) => super::refused(&state, &ui, e),
    }
}
