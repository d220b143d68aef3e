use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupView {
    pub id: i64,
    pub name: String,
    pub households: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VillageView {
    pub id: i64,
    pub name: String,
    pub town: String,
    pub groups: Vec<GroupView>,
}
