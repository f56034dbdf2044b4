//! Framework catalogues an institution reports against: the THE Impact Rankings metrics
//! (`the_impact`) and the rules of its evidence bank (`the_evidence`), and the frame of the
//! CGE-CPU DD&RS self-assessment (`ddrs`). Pure data and rules; answers, evidence and
//! assessments live in the store.

pub mod ddrs;
pub mod the_evidence;
pub mod the_impact;
