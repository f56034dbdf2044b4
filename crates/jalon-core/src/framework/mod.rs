//! Framework catalogues an institution reports against: the THE Impact Rankings metrics
//! (`the_impact`). Pure data and rules; evidence and answers live in the store.

pub mod the_impact;
