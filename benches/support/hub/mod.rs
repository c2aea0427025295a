//! What the hub benchmark (benches/hub.rs) alone uses: followed chapters on stub servers, their
//! generated entries, the hub's processes behind HAProxy, and the loads it is measured under.

pub mod chapters;
pub mod load;
pub mod processes;
pub mod texts;
