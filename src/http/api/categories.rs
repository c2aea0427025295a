//! `/api/v1/categories`: the fixed vocabulary, with English and French labels.

use axum::Json;
use serde::Serialize;

use crate::domain::category::{CATEGORIES, Category};

/// A category with its labels.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CategoryView {
    pub id: &'static str,
    /// Labels by language.
    pub labels: Labels,
    pub descriptions: Labels,
    /// The nearest FEP-8a8e / Mobilizon event category.
    pub event_category: &'static str,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Labels {
    pub en: &'static str,
    pub fr: &'static str,
}

impl From<&Category> for CategoryView {
    fn from(c: &Category) -> Self {
        CategoryView {
            id: c.id,
            labels: Labels {
                en: c.label_en,
                fr: c.label_fr,
            },
            descriptions: Labels {
                en: c.description_en,
                fr: c.description_fr,
            },
            event_category: c.event_category,
        }
    }
}

#[utoipa::path(get, path = "/api/v1/categories", tag = "categories",
    responses((status = 200, body = Vec<CategoryView>)))]
pub async fn list() -> Json<Vec<CategoryView>> {
    Json(CATEGORIES.iter().map(CategoryView::from).collect())
}
