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
    /// 整顿中: its organisation is under rectification, so its liaison team stays put.
    #[serde(default)]
    pub rectifying: bool,
}
