//! The ledger (民情台账): petitions, disputes, hazards, proxy services, commitments and
//! help-plan items, each with an owner (包案人), a deadline (完成时限) and a status machine.
//! This first part is the model; storage, screens and the meeting come with it (issue 5).
pub mod model;
