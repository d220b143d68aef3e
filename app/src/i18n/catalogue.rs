//! Every user-visible text, Chinese first. `{0}` marks where a value goes. The `@server`
//! part holds the texts of pages only the server renders; the WASM never includes it.
use super::Locale;
use serde::{Deserialize, Serialize};

macro_rules! catalogue {
    (
        $($key:ident => $zh:literal, $en:literal;)*
        @server { $($skey:ident => $szh:literal, $sen:literal;)* }
    ) => {
        /// A translatable message. Serialisable (as its name), so the server can name a
        /// message and the browser shows it in the user's language.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Msg {
            $($key,)*
            $(#[cfg(feature = "ssr")] $skey,)*
        }

        // Tables indexed by the variant, not `match`es and derived serde: with a few hundred
        // messages that is tens of KB less WASM for every phone.
        const KEYS: &[&str] = &[$(stringify!($key)),*];
        const ZH: &[&str] = &[$($zh),*];
        // English: in the browser, a WASM chunk of its own (`english`), fetched before a page
        // in English hydrates or when a phone switches to it; most phones never show it, and
        // it was 14 KB (brotli) of every first download (issue 22).
        #[cfg(not(feature = "hydrate"))]
        const EN: &[&str] = &[$($en),*];
        // Fallible: a chunk that cannot be fetched (offline, no service worker) leaves the
        // page in Chinese instead of stopping the app, as a plain `#[lazy]` would.
        #[cfg(feature = "hydrate")]
        #[leptos::wasm_split::wasm_split(
            english_texts,
            wasm_split_path = ::leptos::wasm_split,
            fallible
        )]
        fn english() -> Result<&'static [&'static str], leptos::wasm_split::SplitLoaderError> {
            Ok(&[$($en),*])
        }
        // The server's own pages' texts follow the shared ones, in the server build only.
        #[cfg(feature = "ssr")]
        const SERVER_KEYS: &[&str] = &[$(stringify!($skey)),*];
        #[cfg(feature = "ssr")]
        const SERVER_ZH: &[&str] = &[$($szh),*];
        #[cfg(feature = "ssr")]
        const SERVER_EN: &[&str] = &[$($sen),*];

        impl Msg {
            /// Every message the browser knows (the server-only part is `SERVER`).
            pub const ALL: &'static [Msg] = &[$(Msg::$key),*];
            /// The texts of pages only the server renders (villagers' card pages, the summary
            /// and the report): never in the WASM.
            #[cfg(feature = "ssr")]
            pub const SERVER: &'static [Msg] = &[$(Msg::$skey),*];

            pub fn text(self, l: Locale) -> &'static str {
                let i = self as usize;
                #[cfg(feature = "ssr")]
                if i >= KEYS.len() {
                    let table = match l {
                        Locale::Zh => SERVER_ZH,
                        Locale::En => SERVER_EN,
                    };
                    return table[i - KEYS.len()];
                }
                let table = match l {
                    Locale::Zh => ZH,
                    Locale::En => english_table(),
                };
                table[i]
            }

            /// The message's name, as it travels in JSON.
            pub fn key(self) -> &'static str {
                let i = self as usize;
                #[cfg(feature = "ssr")]
                if i >= KEYS.len() {
                    return SERVER_KEYS[i - KEYS.len()];
                }
                KEYS[i]
            }

            /// A shared message by its name (server-only ones never travel).
            pub fn from_key(key: &str) -> Option<Msg> {
                KEYS.iter().position(|k| *k == key).map(|i| Msg::ALL[i])
            }
        }
    };
}

/// The English texts once fetched (`load`); until then, and if the fetch never happened,
/// the Chinese ones, which every phone has.
#[cfg(feature = "hydrate")]
static ENGLISH: std::sync::OnceLock<&'static [&'static str]> = std::sync::OnceLock::new();

#[cfg(feature = "hydrate")]
fn english_table() -> &'static [&'static str] {
    ENGLISH.get().copied().unwrap_or(ZH)
}

#[cfg(not(feature = "hydrate"))]
fn english_table() -> &'static [&'static str] {
    EN
}

/// Whether `l`'s texts are at hand (English only once fetched: until then the Chinese ones
/// stand in).
pub fn loaded(l: Locale) -> bool {
    #[cfg(feature = "hydrate")]
    {
        l == Locale::Zh || ENGLISH.get().is_some()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = l;
        true
    }
}

/// Makes `l`'s texts available in the browser: English is fetched the first time (its
/// chunk, which the service worker keeps for offline use). False when it could not be
/// (no network and no worker's copy): the texts stay Chinese, and a later call tries again.
#[cfg(feature = "hydrate")]
pub async fn load(l: Locale) -> bool {
    if l == Locale::En && ENGLISH.get().is_none() {
        match english().await {
            Ok(texts) => {
                let _ = ENGLISH.set(texts);
            }
            Err(_) => return false,
        }
    }
    true
}

impl Serialize for Msg {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.key())
    }
}

impl<'de> Deserialize<'de> for Msg {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let key = String::deserialize(d)?;
        Msg::from_key(&key).ok_or_else(|| serde::de::Error::custom("unknown message"))
    }
}

catalogue! {
    AppName => "树根", "Shugen";
    AppTagline => "联村联户 · 民情日记", "Village liaison · visit diary";
    Loading => "正在加载…", "Loading…";

    NavHome => "首页", "Home";
    NavHouseholds => "农户", "Households";
    NavUsers => "用户", "Users";
    NavVillages => "村组", "Villages";
    NavMe => "我的", "Me";
    NavVisits => "走访", "Visits";
    NavLabel => "主导航", "Main navigation";

    LoginTitle => "登录", "Sign in";
    LoginSubmit => "登录", "Sign in";
    LoginHelp => "忘记密码请联系领导小组办公室重置。", "Forgot your password? Ask the programme office to reset it.";
    Logout => "退出登录", "Sign out";
    MeLanguage => "语言", "Language";

    RoleAdmin => "办公室", "Office";
    RoleLeader => "局领导", "Leader";
    RoleCadre => "联村干部", "Cadre";

    HomeHello => "{0}，您好", "Hello, {0}";
    HomeMyHouseholds => "我的联系户", "My households";
    HomeAllHouseholds => "登记农户", "Registered households";
    HomeNextServiceDay => "下一个服务日", "Next service day";
    HomeActions => "常用功能", "Quick actions";

    FieldPhone => "手机号", "Mobile number";
    FieldPassword => "密码", "Password";
    FieldInitialPassword => "初始密码", "Initial password";
    FieldNewPassword => "新密码", "New password";
    FieldCurrentPassword => "当前密码", "Current password";
    FieldNewPasswordAgain => "再次输入新密码", "New password again";
    MePasswordTitle => "修改密码", "Change password";
    MePasswordHint => "至少 8 位。修改后，其他手机和电脑上的登录会退出，本机保持登录。", "At least 8 characters. Other phones and computers are signed out; this one stays signed in.";
    MePasswordChanged => "密码已修改。其他设备上的 {0} 处登录已退出。", "Password changed. {0} other sign-ins ended.";
    ValPasswordsDiffer => "两次输入的新密码不一致", "The two new passwords differ";
    ValSignInSameAccount => "这里只能重新登录本机原来的账号；换人登录请先退出", "Only this phone's own account can sign in again here; to switch, sign out first";
    SessionExpired => "登录已过期。手机上的记录都还在，重新输入密码即可继续，等待的记录会自动发送。", "Your session has ended. Everything on this phone is kept; enter your password to go on, and waiting records will be sent.";
    SignInAgain => "重新登录", "Sign in again";
    PasswordHint => "至少 8 位。请当面告知本人，并提醒其妥善保管。", "At least 8 characters. Tell the person directly.";
    FieldName => "姓名", "Name";
    FieldTitle => "职务", "Title";
    FieldUnit => "股室", "Unit";
    FieldRole => "角色", "Role";
    FieldVillage => "村", "Village";
    FieldTown => "所属乡镇", "Town";
    FieldGroup => "村民小组", "Group";
    FieldHeadName => "户主姓名", "Head of household";
    FieldHeadId => "户主身份证号", "Head's ID number";
    FieldPopulation => "家庭人口", "Household size";
    FieldEconomy => "经济状况", "Economic situation";
    FieldIncome => "收入来源", "Income sources";
    FieldFamilyPlanning => "计生情况", "Family planning";
    FieldRelations => "社会关系", "Social relations";
    FieldTags => "标签", "Tags";
    FieldDifficulties => "困难类型", "Difficulties";
    FieldMembers => "家庭成员", "Members";
    FieldCadrePhones => "联系干部手机", "Cadres' mobile numbers";
    FieldCadres => "联系干部", "Liaison cadres";

    TagPoor => "困难户", "Poor household";
    TagNotable => "社会贤达", "Notable person";
    TagPetitioner => "重点信访", "Key petitioner";
    DiffFood => "吃饭难", "Food";
    DiffSchooling => "上学难", "Schooling";
    DiffMedical => "看病难", "Medical care";
    DiffWater => "饮水难", "Drinking water";
    DiffHousing => "住房难", "Housing";

    HouseholdsTitle => "农户名单", "Households";
    HouseholdsSearchHint => "姓名、电话或身份证号", "Name, phone or ID number";
    HouseholdsTotal => "共 {0} 户", "{0} households";
    HouseholdsNone => "没有符合条件的农户。", "No households match.";
    HouseholdsN => "{0} 户", "{0} households";
    PopulationN => "{0} 人", "{0} people";
    AllVillages => "全部村", "All villages";
    AllTags => "全部标签", "All tags";
    Search => "查询", "Search";
    FilterSearch => "搜索：内容、回执号或户主", "Search: words, receipt or household";
    FilterAny => "（全部）", "(all)";
    FilterTitle => "搜索与筛选", "Search and filter";
    HomeWaitingFeedback => "待受理反馈", "Feedback waiting";
    ContactsReplyDays => "答复时限（工作日）", "Reply within (working days)";
    ContactsReplyDaysHint => "群众反馈受理后几个工作日内答复。联系卡、扫码页面和回执都按这个时限承诺，反馈列表按它标出超时未受理的事项。", "Working days from acceptance to the first answer. Cards, card pages and receipts promise this; the inbox marks items waiting longer.";
    ValReplyDays => "请填写1到30之间的天数", "Enter a number of days from 1 to 30";
    CardReplyDays => "受理后{0}个工作日内答复", "Answered within {0} working days of acceptance";
    FeedbackLate => "超时未受理", "Waiting too long";
    FilterFrom => "起始日期", "From";
    FilterTo => "截止日期", "To";
    FilterClear => "清除筛选", "Clear filters";
    PrevPage => "上一页", "Previous";
    NextPage => "下一页", "Next";
    HouseholdFacts => "家庭情况", "Household facts";
    HouseholdEdit => "修改家庭情况", "Edit household facts";
    Call => "拨打", "Call";
    MemberName => "姓名", "Name";
    MemberRelation => "关系", "Relation";
    MemberBirthYear => "出生年", "Born";
    MemberId => "身份证号", "ID number";
    AssignCadre => "指派联系干部", "Assign a cadre";
    Assign => "指派", "Assign";
    Unassign => "移除", "Remove";

    VisitsTitle => "走访记录", "Visits";
    VisitsNone => "还没有走访记录。", "No visits recorded yet.";
    VisitReceipt => "回执号", "Receipt";
    FollowUp => "需跟进", "Follow-up needed";
    VisitsMine => "我的走访", "My visits";
    VisitNewTitle => "写民情日记", "New visit diary entry";
    VisitNewShort => "写日记", "New entry";
    VisitHousehold => "走访农户", "Household visited";
    VisitSearchHousehold => "输入户主姓名、村组或电话查找", "Search by name, village, group or phone";
    VisitChangeHousehold => "更换", "Change";
    VisitNoHouseholds => "手机上还没有您的联系户。请联网打开一次本页，系统会自动下载。", "No households on this phone yet. Open this page once with a connection to download them.";
    VisitTime => "走访时间（北京时间）", "Visit time (Beijing time)";
    VisitMethod => "走访方式", "Method";
    VisitContent => "走访内容", "What was discussed";
    VisitProcess => "走访过程", "How it went";
    VisitOutcome => "走访结果", "Outcome";
    VisitProblems => "群众反映的问题", "Problems raised";
    VisitChanges => "户情有变化？", "Household facts changed?";
    VisitChangesHint => "只修改发生变化的项；提交后由系统逐项更新，有冲突的交办公室核定。", "Change only what differs; the server updates field by field and the office settles clashes.";
    VisitLocation => "位置（可选）", "Location (optional)";
    VisitLocate => "记录当前位置", "Record my location";
    VisitLocated => "已记录位置，精度约 {0} 米", "Location recorded, accurate to about {0} m";
    VisitLocationClear => "清除位置", "Remove location";
    VisitLocateFailed => "无法获取位置（未授权或无信号），可不填。", "Could not get a location (not allowed or no signal); it is optional.";
    VisitSubmit => "保存并发送", "Save and send";
    VisitQueued => "{0} 的走访已保存在手机上，联网后自动发送。", "The visit to {0} is saved on this phone and sends when online.";
    VisitSent => "{0} 的走访已发送，回执 {1}。", "The visit to {0} is sent; receipt {1}.";
    OutboxBusy => "正在发送，请稍等片刻再试。", "Sending right now; try again in a moment.";
    OutboxAlreadySent => "这条记录刚刚已经发送，不能再修改或撤回；如需更正，请补写一条说明。", "This record has just been sent and can no longer be changed or withdrawn; write a follow-up note to correct it.";
    VisitEdit => "修改", "Edit";
    OfflineHouseholdHint => "这是手机上保存的户情，上次同步时的样子；身份证号不存放在手机上。", "As this phone holds it, from the last sync; ID numbers are never kept on the phone.";
    VisitHouseholdNotOnPhone => "（已不在本机名单的农户）", "(a household no longer on this phone)";
    VisitWithdraw => "撤回", "Withdraw";
    VisitWithdrawConfirm => "撤回后这条记录会从手机上删除，不会发送。确定撤回吗？", "Withdrawn, this record is deleted from the phone and never sent. Withdraw it?";
    VisitAmend => "补充更正", "Add a correction";
    VisitAmendPrefix => "补充更正（回执 {0} 的记录）：", "Correction to the record with receipt {0}: ";
    VisitSentConflict => "{0} 的走访已发送；服务器上已有这条记录的另一个版本，两份都保留，由局办核对。", "The visit to {0} is sent; the server already held another version of it, and keeps both for the office to check.";
    VisitLedgerWillBe => "发送后，“反映的问题”会登记为台账事项。", " Once sent, the problems raised become a ledger item.";
    VisitLedgerRaised => "“反映的问题”已登记为台账事项。", " The problems raised are now a ledger item.";
    VisitLedgerOffice => "台账事项以先到的版本为准。", " The ledger item follows the first version.";
    VisitContinue => "继续填写", "Continue";
    VisitCorrect => "修改后重新提交", "Correct and resend";
    VisitDiscard => "删除此记录", "Delete this record";
    VisitDiscardConfirm => "确定删除这条未发送的记录吗？删除后无法恢复。", "Delete this unsent record? This cannot be undone.";
    VisitDraftInTheWay => "请先提交或清空正在填写的草稿。", "Submit or clear the draft you are writing first.";
    VisitsFirstPack => "正在从服务器取回您联系的农户和走访记录…", "Fetching your households and visits from the server…";
    VisitsNotThisMonth => "本月未走访（{0} 户）", "Not visited this month ({0})";
    DraftSaved => "草稿已自动保存在手机上", "Draft saved on this phone";
    StatusDraft => "草稿", "Draft";
    StatusWaiting => "待发送", "Waiting";
    StatusAttention => "需处理", "Needs attention";
    StatusSent => "已发送", "Sent";
    StatusConflict => "版本冲突，待办公室核对", "Conflict, office reviews";
    SyncTitle => "同步", "Sync";
    SyncWaiting => "条待发送", "waiting";
    SyncAttention => "条需处理", "need attention";
    SyncNow => "立即同步", "Sync now";
    SyncRunning => "正在同步…", "Syncing…";
    SyncOffline => "暂时连不上服务器，记录已保存在手机上，联网后自动发送。", "Cannot reach the server; records are kept on this phone and send when online.";
    SyncSignedOut => "登录已过期，请重新登录后再同步，记录仍保存在手机上。", "Your session ended; sign in again to sync. Records stay on this phone.";
    SyncLast => "上次同步：{0}", "Last synced {0}";
    SyncBadge => "待发 {0}", "{0} to send";
    StorageGranted => "手机已允许长期保存本应用的数据。", "This phone keeps the app's data permanently.";
    StorageDenied => "浏览器可能在空间不足时清除数据，请及时联网同步。", "The browser may clear data when space runs low; sync often.";
    StorageUnsupported => "此浏览器不支持长期保存，请及时联网同步。", "This browser cannot keep data permanently; sync often.";
    UpdateReady => "新版本已准备好。", "A new version is ready.";
    UpdateApply => "更新", "Update";
    LogoutRefused => "手机上还有 {0} 条记录未发送，请联网同步后再退出。", "{0} records on this phone are not sent yet; sync before signing out.";
    LogoutUnreadable => "无法读取手机上的记录，为防丢失，暂不退出登录。请刷新页面后再试。", "The records on this phone could not be read; so that none is lost, you stay signed in. Reload the page and try again.";
    LogoutRefusedDrafts => "另有 {0} 份草稿还没有提交（民情日记或反馈），请提交或清空后再退出。", "{0} drafts (a diary or feedback) are not submitted yet; submit or clear them before signing out.";
    ClashesTitle => "户情冲突", "Household clashes";
    ClashesHelp => "两部手机对同一户的同一项报了不同的值。请核实后选择正确的一项。", "Two phones reported different values for the same fact. Check and choose the right one.";
    ClashesNone => "没有待核定的冲突。", "No clashes to settle.";
    VisitConflictsTitle => "走访记录的第二版本", "Visits sent twice with different words";
    VisitConflictsHelp => "同一条民情日记传来了两个不同的版本。系统保留先到的一份，后到的一份放在旁边供核对，不会覆盖。", "The same diary entry arrived in two versions. The first is kept; the second is kept beside it for checking, never over it.";
    VisitConflictsNone => "没有第二版本的走访记录。", "No visit has a second version.";
    VisitConflictKind => "民情日记", "Visit diary";
    VisitConflictStored => "已保存的版本", "Stored";
    VisitConflictSecond => "后到的版本", "Second version";
    VisitConflictArrived => "收到于 ", "arrived ";
    ClashChoose => "采用此值", "Use this value";
    ClashInUse => "当前使用", "In use now";
    MethodHome => "入户走访", "Home visit";
    MethodPhone => "电话", "Phone call";
    MethodReception => "接访", "Reception";
    MethodServiceDay => "服务日", "Service day";

    ImportTitle => "导入农户", "Import households";
    ImportHelp => "上传 Excel（.xlsx、.xls）或 CSV（UTF-8 或 GBK 编码）文件，每个工作表都会读取。先预览：问题按类型汇总并列出所在位置，没有问题才能导入；已在系统中登记的农户会跳过，不会重复登记；导入要么全部成功，要么一行也不写入。", "Upload an Excel (.xlsx, .xls) or CSV (UTF-8 or GBK) file; every sheet is read. Preview first: problems are grouped by kind with where they are, and the import runs only when there are none; households already registered are skipped, never registered twice; the import writes all rows or none.";
    ImportColumns => "表头可在前几行（上方可有标题行）：村、村民小组、户主姓名（必填），户主身份证号、联系电话、家庭人口、经济状况、收入来源、计生情况、社会关系、标签、困难户、困难类型、家庭成员、联系干部（选填），也认常见的其他写法，如“身份证号码”“手机号码”。身份证号和电话列请设为“文本”格式。", "The header may sit below title rows: 村, 村民小组, 户主姓名 (required); 户主身份证号, 联系电话, 家庭人口, 经济状况, 收入来源, 计生情况, 社会关系, 标签, 困难户, 困难类型, 家庭成员, 联系干部 (optional), and the usual other wordings such as 身份证号码 or 手机号码. Format the ID and phone columns as Text.";
    ImportFile => "表格文件", "Spreadsheet file";
    ImportPreview => "预览检查", "Preview";
    ImportCommit => "确认导入", "Import";
    ImportReady => "共 {0} 行，没有发现问题，可以导入。", "{0} rows, no problems found: ready to import.";
    ImportDone => "已导入 {0} 户。", "Imported {0} households.";
    ImportHasErrors => "发现 {0} 处问题，未写入任何数据。请修改表格后重新上传。", "{0} problems found; nothing was written. Fix the sheet and upload it again.";
    ImportRow => "行号", "Row";
    ImportColumn => "列", "Column";
    ImportMissingColumn => "缺少必需的列", "Required column is missing";
    ImportEmpty => "表格中没有数据", "The sheet has no data";
    ImportFileType => "只支持 .xlsx、.xls 和 .csv 文件", "Only .xlsx, .xls and .csv files are accepted";
    ImportNotUtf8 => "无法识别 CSV 文件的编码（支持 UTF-8 和 GBK），请在 Excel 中另存为“CSV UTF-8”", "The CSV is neither UTF-8 nor GBK; save it as \"CSV UTF-8\" in Excel";
    ImportUnreadable => "无法读取该文件", "The file cannot be read";
    ImportTooLarge => "文件太大（上限 8 MB）", "The file is too large (8 MB at most)";
    ImportDuplicateId => "身份证号在表格中重复", "ID number appears twice in the sheet";
    ImportIdExists => "该身份证号已登记在另一位户主名下", "This ID number is registered under another head of household";
    ImportUnknownVillage => "系统中没有这个村，请先在“村组”中添加", "No such village; add it under Villages first";
    ImportUnknownGroup => "该村没有这个村民小组，请先在“村组”中添加", "No such group in this village; add it under Villages first";
    ImportNumberCell => "这个单元格是数字格式：Excel 只保留 15 位有效数字，号码的后几位已经改变。请把这一列设为“文本”格式，重新输入号码后再导入", "This cell is a number: Excel keeps only 15 significant digits, so the number's last digits have changed. Format the column as Text, type the numbers again, then import";
    ImportAmbiguousCadre => "有多位在用干部同名，请改填干部手机号", "Several active cadres have this name; give the cadre's phone instead";
    ImportRegistered => "已在系统中登记，跳过", "Already registered: skipped";
    ImportCounts => "共 {0} 行：新增 {1} 户，已登记 {2} 户（跳过，不会重复登记），空行 {3} 个（跳过）。", "{0} rows: {1} new households, {2} already registered (skipped, never registered twice), {3} blank rows (skipped).";
    ImportIgnoredColumns => "以下列未能识别，其内容不会导入：{0}", "These columns were not recognised and will not be imported: {0}";
    ImportMaskedColumns => "以下列是导出时脱敏的内容（带 *），脱敏的号码不会导入：{0}", "These columns hold masked values from an export (with *); masked numbers are not imported: {0}";
    ImportSkippedSheets => "以下工作表没有找到表头（村、村民小组、户主姓名），没有读取：{0}", "These sheets have no header row (村, 村民小组, 户主姓名) and were not read: {0}";
    ImportSheet => "工作表", "Sheet";
    ImportCell => "单元格", "Cell";
    ImportTimes => "{0} 处", "{0} places";
    ImportFirstPlaces => "前 {0} 处：", "First {0}:";
    ImportUnknownCadre => "没有这位在用的联村干部（按手机号或姓名查找）", "No active cadre has this phone or name";

    VillagesTitle => "村组管理", "Villages and groups";
    VillageAdd => "新增村", "Add a village";
    GroupAdd => "新增村民小组", "Add a group";
    Add => "添加", "Add";

    UsersTitle => "用户管理", "Users";
    UserAdd => "新增用户", "Add a user";
    UserCreated => "用户已创建。", "User created.";
    UserActive => "账号在用", "Account active";
    UserInactive => "已停用", "Deactivated";
    AccountStatus => "账号状态", "Account status";
    Activate => "启用账号", "Activate";
    Deactivate => "停用账号", "Deactivate";
    ResetPassword => "重置密码", "Reset password";
    PasswordWasReset => "密码已重置，该用户需重新登录。", "Password reset; the user must sign in again.";
    Save => "保存", "Save";
    Saved => "已保存。", "Saved.";

    ValRequired => "必填", "Required";
    ValTooLong => "内容太长", "Too long";
    ValPhone => "请输入 11 位手机号", "Enter an 11-digit mobile number";
    ValPhoneTaken => "该手机号已被其他账号使用", "Another account uses this number";
    ValIdFormat => "身份证号应为 18 位（最后一位可为 X）", "ID numbers have 18 characters (the last may be X)";
    ValIdDate => "身份证号中的出生日期无效", "The birth date in the ID number is invalid";
    ValIdCheck => "身份证号校验位不正确，请核对", "The ID number's check digit is wrong";
    ValPasswordShort => "密码至少 8 位", "At least 8 characters";
    ValChoice => "请从列表中选择", "Choose from the list";
    ValPopulation => "家庭人口应为 1 到 50 的整数", "Household size must be a whole number from 1 to 50";
    ValPopulationMembers => "家庭人口少于登记的成员数", "Household size is smaller than the members listed";
    ValMembers => "家庭成员格式应为：姓名/关系/出生年份/身份证号，多人用分号隔开", "Members: name/relation/birth year/ID number, separated by semicolons";
    ValMemberId => "家庭成员的身份证号无效", "A member's ID number is invalid";
    ValTag => "标签只能是：困难户、社会贤达、重点信访", "Tags must be 困难户, 社会贤达 or 重点信访";
    ValDifficulty => "困难类型只能是：吃饭、上学、看病、饮水、住房", "Difficulties must be 吃饭, 上学, 看病, 饮水 or 住房";
    ValDifficultyNotPoor => "只有困难户才填写困难类型", "Only poor households have difficulties";
    ValVillageExists => "已有同名的村", "A village with this name exists";
    ValGroupExists => "该村已有同名的村民小组", "This village already has a group with this name";
    ValChooseHousehold => "请选择走访的农户", "Choose the household visited";
    ClockAhead => "手机时间不准：比实际时间快约 {0} 分钟。现在的北京时间是 {1}，请在手机“设置”里改正时间。已记下的走访会同时保存手机时间和服务器收到的时间，不会丢失。", "This phone's clock is about {0} minutes fast. Beijing time now is {1}: please correct it in the phone's settings. Visits already written keep both the phone's time and the time the server received them; nothing is lost.";
    ClockBehind => "手机时间不准：比实际时间慢约 {0} 分钟。现在的北京时间是 {1}，请在手机“设置”里改正时间。已记下的走访会同时保存手机时间和服务器收到的时间，不会丢失。", "This phone's clock is about {0} minutes slow. Beijing time now is {1}: please correct it in the phone's settings. Visits already written keep both the phone's time and the time the server received them; nothing is lost.";
    VisitClockOff => "手机时间有误：手机记为 {0}，服务器 {1} 收到", "Phone clock wrong: the phone said {0}, the server received it {1}";
    CardsNoOrigin => "暂不能印卡：服务器没有设置对外地址（SHUGEN_PUBLIC_ORIGIN）。卡上二维码的地址印出去就永久有效，必须是群众手机能打开的正式地址，请管理员设置后再打印。", "Cards cannot be printed yet: the server has no public address (SHUGEN_PUBLIC_ORIGIN). A printed QR address is for ever and must be the public one villagers' phones can open; ask the administrator to set it, then print.";
    SyncRefused => "服务器无法接收这条记录：请打开它检查后重新提交；仍不行请联系办公室", "The server cannot take this record: open it, check it and submit it again; if that fails, call the office";
    SyncTooLarge => "这条记录太大，无法上传：请打开它，缩短内容后再提交", "This record is too large to send: open it, shorten it and submit it again";
    ValRecordId => "记录编号无效", "Invalid record id";
    ValVisitTime => "走访时间无效或晚于手机上的当前时间", "The visit time is invalid or later than the phone's clock";
    ValGps => "定位数据无效", "Invalid location";
    ValSchema => "应用版本过旧或过新，请刷新后重试", "This app version cannot sync; reload and try again";
    ValBatchTooLarge => "一次提交的记录太多", "Too many records in one push";
    ValPhoto => "照片信息无效", "Invalid photo details";
    ValPhotoTooLarge => "照片太大（每张不超过 2 MB）：请重新选择这张照片，手机会把它压缩后再保存", "The photo is too large (2 MB at most): pick it again and the phone will shrink it";
    ValPhotoTooMany => "照片太多：每条记录最多 9 张、合计不超过 8 MB", "Too many photos: at most 9, and 8 MB together, per record";
    ValPhotoDamaged => "照片在传送中损坏，服务器没有保存：请重新同步，仍不行请删除这张照片后重新添加", "The photo was damaged on the way and was not stored: sync again, and if it fails, remove the photo and add it again";
    ValPhotoUnreadable => "这张照片无法打开：请删除它，重新拍摄或选择", "This photo cannot be opened: remove it and take or pick it again";
    ValPhotoChanged => "这张照片的编号已被另一张照片使用：请删除它后重新添加", "This photo's id is taken by another photo: remove it and add it again";
    ValPhotoMissing => "这条记录的照片没有完整传到服务器：请点“修改后重新提交”，手机会再传一次照片", "Its photos did not all reach the server: tap “Correct and resend” and the phone sends them again";
    PhotoLostShort => "照片已丢失", "Photo lost";
    ValPhotoLost => "这条记录的照片在手机上找不到了（可能被浏览器清除）：请打开记录，删除缺失的照片后重新提交", "This record's photo is gone from the phone (the browser may have cleared it): open the record, remove the missing photo and submit again";
    ValOwnRole => "不能停用自己的账号或取消自己的办公室角色", "You cannot deactivate yourself or drop your own office role";

    ErrUnauthenticated => "请先登录", "Please sign in";
    ErrForbidden => "您没有权限查看或操作此项", "You do not have permission for this";
    ErrNotFound => "页面或记录不存在", "Not found";
    PageNotFetched => "这个页面还没有下载到这部手机上，打开它需要网络", "This page is not on this phone yet; opening it needs a connection";
    PageNotFetchedHint => "有信号后点“重试”。没有信号时，民情日记照常可写，记录保存在手机上。", "Tap “Try again” once you have signal. Without it you can still write visits; they are kept on this phone.";
    PageRetry => "重试", "Try again";
    ErrInvalid => "请检查标红的内容", "Please check the highlighted fields";
    ErrBadCredentials => "手机号或密码不正确", "Wrong mobile number or password";
    ErrThrottled => "尝试次数过多，请 {0} 分钟后再试", "Too many attempts; try again in {0} minutes";
    ErrInternal => "服务器出错了，请稍后再试", "Something went wrong on the server; please try again later";
    ErrLocalStorage => "手机存储出错，无法保存。请检查剩余空间。", "This phone's storage failed; check free space.";
    ErrStorageFull => "手机存储空间已满，无法保存。请删除一些照片或视频、清理微信缓存后再试；已保存的记录不受影响。", "This phone's storage is full. Delete some photos or videos, or clear WeChat's cache, then try again; records already saved are safe.";
    ErrStorageBlocked => "浏览器不允许本网站在手机上保存数据（常见于无痕/隐私模式）。请用普通模式打开，或把树根添加到主屏幕。", "The browser does not let this site keep data on the phone (private mode, usually). Open it in a normal window, or add Shugen to the home screen.";
    ErrStorageOtherTab => "另一个打开着的树根页面占用了手机上的数据，请关闭其他树根页面后重试。", "Another open Shugen page holds the phone's data; close other Shugen pages and try again.";
    ErrStorageClosed => "浏览器关闭了手机上的数据库，重试后仍未成功。请刷新页面再试；已保存的记录不受影响。", "The browser closed the phone's database and a retry did not help. Reload the page and try again; records already saved are safe.";
    IosAddToHome => "在 iPhone 的 Safari 中使用时，网页数据若七天没有打开可能被系统清除，未上传的记录会随之丢失。请点底部“分享”按钮，选“添加到主屏幕”，以后从主屏幕图标打开树根。", "In Safari on an iPhone, the system may clear a site's data after seven days without a visit, and unsent records with it. Tap Share, then “Add to Home Screen”, and open Shugen from its icon from now on.";
    PhotosTitle => "照片", "Photos";
    PhotosHint => "可拍照或从相册选择，每条最多 9 张。照片会压缩到约 300 KB 并去掉位置信息，保存在手机上，联网后随记录一起上传。", "Take or pick up to 9. Each is shrunk to about 300 KB without its location, kept on the phone, and sent with the record when online.";
    PhotoTake => "拍照", "Take a photo";
    PhotoPick => "从相册选", "From the gallery";
    PhotoPreparing => "正在压缩照片…", "Shrinking the photo…";
    PhotoCaption => "照片说明（可不填）", "Caption (optional)";
    PhotoRemove => "删除照片", "Remove photo";
    PhotoCannotRead => "这个文件不是照片，或手机无法读取它", "This file is not a photo, or the phone cannot read it";
    PhotoSize => "{0} KB", "{0} KB";
    PhotosWaiting => "{0} 张照片等待上传，占用手机 {1} MB", "{0} photos wait to be sent, taking {1} MB on the phone";
    PhotoStorageLow => "手机留给树根的存储空间只剩约 {0} MB：请尽快联网上传，或清理手机空间，以免新照片无法保存。", "Only about {0} MB of storage is left for Shugen: get online to send, or free space, before new photos cannot be kept.";
    PhotosVillageTitle => "活动照片", "Photos of the work";
    PhotosNone => "还没有照片", "No photos yet";
    PhotoInReport => "放入月报", "In the monthly report";
    PhotoOpen => "查看原图", "Open the photo";
    ReportPhotos => "工作照片", "Photos of the work";
    PhotoOfVisit => "民情日记", "Visit diary";
    PhotoOfLedger => "台账事项", "Ledger item";
    EventPhotos => "添加照片", "Photos added";
    LedgerPhotosHint => "办理过程、办结凭证或隐患现场的照片，上传后记入事项日志。", "Photos of the work, proof it is done, or the hazard itself; once sent they go into the item's log.";
    LedgerPhotosSend => "上传照片", "Send the photos";
    LedgerPhotosNote => "办理情况说明（可不填）", "What was done (optional)";
    ErrOffline => "无法连接服务器，请检查网络", "Cannot reach the server; check your connection";
    ErrBadRequest => "请求格式不正确", "The request was malformed";
    NavFeedback => "反馈", "Feedback";
    LedgerNeedsOwner => "请先指定包案人和完成时限", "Assign an owner and a deadline first";
    LedgerAlreadyDone => "此事项已办结，如需继续办理请先重新打开", "This item is done; reopen it to work on it again";
    LedgerNotResolved => "尚未办结，不能销号", "It is not resolved yet, so it cannot be closed";
    LedgerNotDone => "事项仍在办理中，无需重新打开", "The item is still open; there is nothing to reopen";
    LedgerNotStarted => "请先开始办理，再报办结", "Start work on it before reporting it done";
    LedgerAlreadyStarted => "已经在办理中", "Work on it has already started";
    CatIncome => "增加收入", "Income";
    CatConstruction => "城乡建设", "Village construction";
    CatSocialSecurity => "社会保障", "Social security";
    CatEducationHealth => "教育医疗", "Schooling and health";
    CatEnvironment => "环境保护", "Environment";
    CatCulture => "文化生活", "Culture";
    CatRelief => "困难救助", "Hardship relief";
    CatPublicOrder => "社会治安", "Public order";
    CatConduct => "干部作风", "Cadre conduct";
    ChannelCard => "联系卡扫码", "Liaison card";
    ChannelCadre => "走访时反映", "Told on a visit";
    ChannelReception => "服务日接待", "Service-day reception";
    FbStatusNew => "待受理", "Received";
    FbStatusAccepted => "已受理", "Accepted";
    FbStatusInProgress => "办理中", "In progress";
    FbStatusResolved => "已办结", "Resolved";
    ValChooseCategory => "请选择类别", "Choose a category";
    ValCardHolder => "请选择在职的联村干部或局领导", "Choose an active cadre or leader";
    FeedbackInbox => "群众反馈", "Villagers' feedback";
    FeedbackMine => "与我有关的群众反馈", "Feedback about my work";
    FeedbackMineHint => "这里是您联系卡收到的和您记录的反馈。反映干部作风的意见由局领导小组办公室直接处理。", "Feedback from your card and what you recorded. Complaints about cadre conduct go to the bureau's office only.";
    FeedbackCapture => "记录群众反馈", "Record feedback";
    FeedbackAll => "全部", "All";
    FeedbackStatus => "办理状态", "Status";
    FeedbackNone => "暂无反馈。", "No feedback.";
    FeedbackReceipt => "回执码", "Receipt";
    FeedbackChannel => "来源", "Channel";
    FeedbackReceived => "收到时间", "Received";
    FeedbackCadre => "联村干部", "Liaison cadre";
    FeedbackFrom => "反映人", "From";
    FeedbackAnonymous => "匿名", "Anonymous";
    FeedbackReplies => "答复与办理记录", "Replies";
    FeedbackNoReplies => "暂无答复。", "No reply yet.";
    FeedbackInternal => "内部", "internal";
    FeedbackReply => "答复与办理", "Reply";
    FeedbackReplyText => "答复内容", "Reply";
    FeedbackPublic => "在回执页向群众公开此答复", "Show this reply on the villager's receipt page";
    FeedbackSendReply => "保存答复", "Save reply";
    FeedbackQueued => "已保存在手机上，有信号时自动发送。", "Saved on this phone; it is sent when there is signal.";
    FeedbackHousehold => "涉及农户", "Household";
    FeedbackNoHousehold => "不涉及具体农户", "No particular household";
    FeedbackCategory => "类别", "Category";
    FeedbackChooseCategory => "请选择类别", "Choose a category";
    FeedbackContent => "反映的问题或建议", "What was raised";
    FeedbackName => "反映人称呼（可不填）", "Villager's name (optional)";
    FeedbackPhone => "联系电话（可不填）", "Phone (optional)";
    FeedbackSave => "保存并发送", "Save and send";
    FeedbackOnPhone => "本机记录的反馈", "Feedback recorded on this phone";
    CardsTitle => "便民联系卡", "Liaison cards";
    CardsHint => "每张卡的二维码地址永久有效：作废后不再使用，移交后地址不变。", "A card's QR address lasts for ever: a revoked one is never reused, a handed-over one keeps its address.";
    CardsPrint => "打印联系卡", "Print cards";
    CardsPrintHint => "用 A4 纸打印，沿虚线裁开。", "Print on A4 and cut along the dashed lines.";
    CardsPer8 => "每页8张", "8 a page";
    CardsPer10 => "每页10张", "10 a page";
    CardsTooLong => "每页{0}张时，这些联系卡的职责或承诺放不下，超出部分不会印出（扫码页面有全文）：{1}。可改为每页8张，或精简文字后再打印。", "At {0} a page these cards' duties or promise do not fit and the rest will not print (the scanned page has it all): {1}. Print 8 a page, or shorten the text first.";
    CardTextOnline => "（全文请扫码查看）", "(Scan for the full text)";
    Print => "打印", "Print";
    CardActive => "使用中", "In use";
    CardPrinted => "已打印", "Printed";
    CardRevoked => "已作废", "Revoked";
    CardReissue => "补发", "Reissue";
    CardRevoke => "作废", "Revoke";
    CardRevokeConfirm => "作废后，这张卡上的二维码将永久停用。确定作废吗？", "Revoking stops this card's QR code for good. Revoke it?";
    CardReissueConfirm => "补发会停用原卡的二维码并生成一张新卡。确定补发吗？", "Reissuing stops the old card's QR code and makes a new card. Reissue?";
    CardIssue => "发放联系卡", "Issue a card";
    CardIssued => "已发卡。", "Card issued.";
    CardHolder => "持卡干部", "Card holder";
    CardDuties => "工作职责", "Duties";
    LabelEnd => "：", ": ";
    CardDutiesHint => "如：联系民智村，负责政策宣传、民情收集、矛盾调解、民事代办", "E.g. liaison for one village: policy, listening, mediation, errands";
    CardPromise => "服务承诺", "Service promise";
    CardPromiseHint => "不填则用默认承诺", "Leave empty for the standard promise";
    CardTransfer => "移交联系卡", "Hand cards over";
    CardTransferHint => "干部调整时，把原干部的全部联系卡移交给接任干部，卡上二维码不变。", "When a cadre leaves, their cards go to the successor; the printed QR codes stay valid.";
    CardTransferFrom => "原持卡人", "From";
    CardTransferTo => "接任干部", "To";
    CardQrAlt => "联系卡二维码", "The card's QR code";
    CardScan => "微信扫码：反映问题、查询进度", "Scan: send feedback, check progress";
    CardServiceDays => "每月6日、7日为便民服务日", "Service days: the 6th and 7th of every month";
    CardLineOffice => "局办", "Bureau office";
    CardLineTown => "镇政府", "Town";
    ContactsTitle => "联系电话", "Contact lines";
    ContactsHint => "印在每张联系卡和群众页面上。", "Printed on every card and the villagers' pages.";
    ContactsBureau => "单位名称", "Bureau name";
    ContactsOfficePhone => "领导小组办公室电话", "Liaison office phone";
    ContactsLeader => "局领导联系人", "Leadership contact";
    ContactsLeaderPhone => "局领导联系电话", "Leadership phone";
    ContactsTown => "乡镇", "Town";
    ContactsTownPhone => "乡镇联系电话", "Town phone";
    NavLedger => "台账", "Ledger";
    KindPetition => "信访", "Petition";
    KindDispute => "矛盾纠纷", "Dispute";
    KindHazard => "安全隐患", "Safety hazard";
    KindProxyService => "民事代办", "Proxy service";
    KindCommitment => "承诺事项", "Commitment";
    KindHelpPlan => "帮扶计划", "Help plan";
    LedgerStatusNew => "待交办", "To assign";
    LedgerStatusAssigned => "已交办", "Assigned";
    LedgerStatusInProgress => "办理中", "In progress";
    LedgerStatusResolved => "已办结", "Resolved";
    LedgerStatusClosed => "已销号", "Closed";
    StepAssign => "交办", "Assign";
    StepStart => "开始办理", "Start";
    StepResolve => "报办结", "Report done";
    StepClose => "销号", "Close";
    StepReopen => "重新办理", "Reopen";
    SourceDirect => "直接登记", "Entered directly";
    SourceVisit => "走访发现", "Raised on a visit";
    SourceFeedback => "群众反馈", "Villager feedback";
    SourceReception => "服务日接待", "Service-day reception";
    ConfirmVillager => "群众当面确认", "Confirmed by the villager in person";
    ConfirmCallback => "电话回访确认", "Confirmed by a call-back";
    EventCreate => "登记", "Recorded";
    EventNote => "进展", "Progress";
    EventHandover => "工作移交", "Handed over";
    EventMeeting => "调度会决定", "Dispatch meeting decision";
    ValDate => "请选择日期", "Choose a date";
    ValDeadline => "请选择完成时限", "Choose a deadline";
    ValDeadlinePast => "完成时限不能早于今天", "The deadline cannot be before today";
    ValLedgerOwner => "请选择包案人", "Choose an owner";
    ValLedgerProof => "请写明办理结果（办结凭据）", "Say what was done (the proof of delivery)";
    ValLedgerConfirm => "群众诉求类事项销号前须经群众确认或电话回访", "A villager's matter can only be closed once the villager confirmed it or was called back";
    ValLedgerCloseNote => "请写明销号说明", "Write a closing note";
    ValLedgerReason => "请写明重新办理的原因", "Give the reason for reopening";
    ValLedgerPlace => "承诺事项和帮扶计划须对应一个村或一户", "A commitment or help plan must name a village or a household";
    ValLedgerNeedsProblem => "转入台账前请先填写“反映的问题”", "Fill in “problems raised” before sending them to the ledger";
    ValAlreadyTriaged => "这条反馈已经交办过了", "This feedback has already been assigned";
    ValReceptionDay => "请选择接待日期（不能是以后的日期，也不能早于31天前）", "Choose the reception's date (not in the future, not more than 31 days ago)";
    ValAlreadyPaired => "已经结对，无需重复", "They are already paired";
    ValSuccessor => "请选择接手的在岗干部", "Choose an active cadre to take over";
    VisitToLedger => "转入民情台账", "Send to the ledger";
    VisitNoLedger => "不转（仅记入日记）", "No (diary only)";
    VisitToLedgerHint => "选择类别后，“反映的问题”会在同步时自动登记为台账事项，交调度会交办。", "Choose a kind and the problems raised become a ledger item when the visit syncs, for the dispatch meeting to assign.";
    LedgerTitle => "民情台账", "Ledger";
    LedgerNew => "新建事项", "New item";
    LedgerCreate => "登记事项", "Record item";
    LedgerMine => "我的待办", "Mine";
    LedgerOverdue => "已逾期", "Overdue";
    LedgerSoon => "3天内到期", "Due in 3 days";
    LedgerUnassigned => "待交办", "To assign";
    LedgerAll => "全部", "All";
    LedgerNone => "没有事项。", "No items.";
    LedgerKind => "事项类别", "Kind of item";
    LedgerItemTitle => "事项", "Item";
    LedgerDetail => "详细情况", "Details";
    LedgerVillage => "村", "Village";
    LedgerNoVillage => "（不限村）", "(no village)";
    LedgerPlaceHint => "涉及某一户的事项，请从该户的页面点“记入台账”。", "For one household's matter, use “Add to ledger” on that household's page.";
    LedgerDifficulty => "帮扶困难", "Difficulty";
    LedgerOwner => "包案人", "Owner";
    LedgerNoOwner => "暂不交办（由调度会交办）", "Not yet (the dispatch meeting assigns it)";
    LedgerDeadline => "完成时限", "Deadline";
    LedgerDeadlineHint => "选了包案人就要定完成时限。", "An owner needs a deadline.";
    LedgerDeadlineMine => "您登记的事项由您包案，请定完成时限。", "You own what you record; set a deadline.";
    LedgerActions => "办理", "Work on it";
    LedgerLog => "办理记录", "Log";
    LedgerStepNote => "说明（可不填）", "Note (optional)";
    LedgerProof => "办理结果（办结凭据）", "What was done (proof of delivery)";
    LedgerCloseNote => "销号说明", "Closing note";
    LedgerReopenReason => "重新办理的原因", "Why it is reopened";
    LedgerConfirmation => "群众确认方式", "How the villager confirmed";
    LedgerAddNote => "记录进展", "Add progress";
    LedgerProgress => "进展情况", "Progress";
    DueOverdue => "逾期{0}天", "{0} days overdue";
    DueSoon => "{0}天内到期", "Due in {0} days";
    DueToday => "今天到期", "Due today";
    HomeMyOpen => "我的待办", "My open items";
    MeetingsTitle => "调度会", "Dispatch meetings";
    MeetingsHint => "每月召开一次：分类交办群众反馈，督办逾期和即将到期的事项。", "Held monthly: sort and assign the feedback, chase what is overdue or due soon.";
    MeetingsNone => "还没有召开过调度会。", "No meetings yet.";
    MeetingNew => "召开调度会", "Hold a meeting";
    MeetingDate => "会议日期", "Date";
    MeetingName => "会议名称", "Title";
    MeetingAttendees => "参会人员", "Attendees";
    MeetingAttendeesHint => "用顿号或逗号隔开", "Separate names with commas";
    MeetingOpen => "开始会议", "Open the meeting";
    MeetingBack => "返回会议", "Back to the meeting";
    MeetingDecisions => "会议决定", "Decisions";
    MeetingDecisionCount => "共{0}项决定", "{0} decisions";
    MeetingAssigned => "交办", "Assigned";
    MeetingDefaultTitle => "{0}年{1}月调度会", "Dispatch meeting {0}-{1}";
    MinutesPrint => "打印会议纪要", "Print the minutes";
    MinutesSuffix => "会议纪要", " — minutes";
    MinutesNo => "序号", "No.";
    MinutesMatter => "事项", "Matter";
    MinutesDecision => "会议决定", "Decision";
    PrintNow => "打印", "Print";
    SummaryTitle => "工作总览", "Summary";
    LogoutOthers => "退出其他设备上的登录", "Sign out on all other devices";
    LogoutOthersDone => "已退出其他设备上的 {0} 处登录。", "Signed out {0} other sessions.";
    LogoutOthersNone => "没有其他设备在登录。", "No other device is signed in.";
    RevealId => "查看完整号码", "Show the full number";
    RevealIdPrompt => "请再次输入您的登录密码。每次查看都会记入审计日志。", "Enter your password again. Every viewing is written to the audit log.";
    RevealIdConfirm => "查看", "Show";
    RevealIdShown => "已查看，已记入审计日志", "Shown, and recorded in the audit log";
    ValWrongPassword => "密码不正确", "Wrong password";
    SummaryBack => "返回工作总览", "Back to the summary";
    ValMonth => "请选择月份（如 2026-11）", "Choose a month (e.g. 2026-11)";
    ErrExportRole => "只有办公室和局领导可以导出", "Only the office and leaders may export";
    AgendaFeedback => "群众反馈待分类交办", "Feedback to sort and assign";
    AgendaUnassigned => "台账事项待交办", "Ledger items to assign";
    AgendaOverdue => "逾期事项", "Overdue items";
    AgendaSoon => "3天内到期事项", "Items due within 3 days";
    AgendaNothing => "无。", "None.";
    AgendaOpenFeedback => "查看原文", "Read it in full";
    AgendaTriage => "分类交办", "Sort and assign";
    AgendaAssign => "交办", "Assign";
    AgendaDecide => "记录决定", "Record a decision";
    AgendaRecord => "记录", "Record";
    AgendaKeepOwner => "（包案人不变）", "(same owner)";
    AgendaChooseOwner => "（请选择包案人）", "(choose an owner)";
    AgendaDeadlineHint => "延期或改派时填写", "Fill in to extend or reassign";
    FeedbackTriagedReply => "您反映的问题已受理并交办，计划于{0}前办结。", "Your matter has been taken on and assigned; it is to be done by {0}.";
    ReceptionsTitle => "服务日接待", "Service-day receptions";
    ReceptionNew => "登记接待", "Record a reception";
    ReceptionDay => "接待日期", "Date";
    ReceptionVisitor => "来访群众", "Visitor";
    ReceptionPhone => "联系电话（可不填）", "Phone (optional)";
    ReceptionVillage => "村组（可不填）", "Village (optional)";
    ReceptionMatter => "反映事项", "Matter raised";
    ReceptionAction => "当场办理情况", "What was done there";
    ReceptionSave => "保存接待记录", "Save the reception";
    ReceptionsLatest => "最近接待", "Latest receptions";
    ReceptionsNone => "还没有接待记录。", "No receptions yet.";
    ReceptionToLedger => "转为台账事项", "Make a ledger item";
    ReceptionInLedger => "已转台账，查看", "In the ledger: open";
    ServiceDayTomorrow => "明天（{0}）是便民服务日。", "Tomorrow ({0}) is a service day.";
    ServiceDayToday => "今天是便民服务日。", "Today is a service day.";
    PairingTitle => "结对帮扶", "Poor-household pairing";
    PairingRule => "局长至少结对2户，班子成员、联村工作队员、股室负责人至少各1户。", "The director pairs with at least 2 households; team members, liaison cadres and unit heads with at least 1 each.";
    PairingQuota => "结对任务", "Pairing quota";
    PairingShort => "{0}人未完成结对任务", "{0} people short of their quota";
    PairingAllMet => "结对任务全部完成", "Every quota is met";
    PairingCount => "已结对{0}户 / 应结对{1}户", "{0} paired / {1} required";
    PairingShortBy => "差{0}户", "{0} short";
    PairingNew => "新增结对", "Pair a household";
    PairingCadre => "帮扶干部", "Cadre";
    PairingHousehold => "困难户", "Poor household";
    PairingPair => "结对", "Pair";
    PairingHouseholds => "困难户帮扶情况", "Poor households";
    PairingNone => "没有困难户。", "No poor households.";
    PairingCadres => "帮扶干部", "Paired with";
    PairingUnpaired => "未结对", "Not paired";
    PairingEnd => "解除", "End";
    PairingSolved => "五难已解决{0}项 / 共{1}项", "{0} of {1} difficulties solved";
    PairingNoPlan => "未制定计划", "No plan";
    TierDirector => "局长", "Director";
    TierTeam => "班子成员", "Leadership team";
    TierUnitHead => "股室负责人", "Unit head";
    TierLiaison => "联村工作队员", "Liaison cadre";
    HandoverTitle => "工作移交", "Hand over";
    HandoverHint => "调离或退出时，把联系的农户、未办结的台账事项、结对帮扶户和联系卡一次移交给接手干部；办理记录全部保留。", "When someone leaves, move their households, open ledger items, pairings and cards to a successor in one step; every record's history stays.";
    HandoverTo => "接手干部", "Successor";
    HandoverChoose => "请选择", "Choose";
    HandoverSubmit => "一键移交", "Hand over";
    HandoverConfirm => "确定把全部工作移交给所选干部吗？", "Hand all of this work to the chosen successor?";
    HandoverDone => "已移交：农户{0}户、台账事项{1}项、结对{2}户、联系卡{3}张。", "Handed over: {0} households, {1} ledger items, {2} pairings, {3} cards.";
    HandoverNote => "工作移交给{0}", "Handed over to {0}";
    HouseholdToLedger => "记入台账", "Add to ledger";
    LedgerContact => "联系人：{0}", "Contact: {0}";
    LedgerAwaitsMeeting => "此事项待交办：由领导小组办公室或调度会指定包案人和完成时限。", "This item waits to be assigned: the office or the dispatch meeting names its owner and deadline.";
    Remove => "移除", "Remove";
    SeatHead => "组长", "Head";
    SeatDeputyHead => "副组长", "Deputy head";
    SeatMember => "成员", "Member";
    SeatOfficeHead => "办公室主任", "Office head";
    SeatDaily => "日常工作负责人", "Daily work";
    PartCaptain => "队长", "Team leader";
    PartMember => "队员", "Team member";
    RosterTitle => "组织机构", "Structure";
    RosterGroup => "推行“树根”工作法领导小组", "Leading group for the tree-root method";
    RosterGroupHint => "局长任组长，纪检员和其他班子成员任副组长，各股室负责人为成员；领导小组下设办公室。", "The director heads it; the discipline inspector and the other leaders are deputies; unit heads are members; it has an office.";
    RosterSeat => "职务", "Seat";
    RosterUnseat => "免去", "End";
    RosterEmpty => "还没有登记领导小组成员。", "No one is on the leading group yet.";
    RosterHistory => "历任记录", "History";
    RosterSeatAdd => "登记领导小组成员", "Add to the leading group";
    RosterSince => "起始日期", "From";
    TeamsTitle => "联村工作队", "Liaison teams";
    TeamFirstSecretary => "第一书记", "First secretary";
    TeamEmpty => "该村还没有登记工作队员。", "No team members recorded for this village.";
    TeamJoin => "加入工作队 / 调整分工", "Join the team / change part";
    TeamPart => "分工", "Part";
    TeamLeave => "调离工作队", "Leave the team";
    TeamReleaseConfirm => "局领导确认调离", "Leader confirms the move";
    TeamLeaveReason => "理由", "Reason";
    TeamRectifyingHint => "整顿中：工作队不撤队，队员不提拔、不调动；确需调整的，须由局领导确认并写明理由。", "Under rectification: the team stays and its members are not moved; any change needs a leader's confirmation with a reason.";
    TeamRectifyingLeader => "整顿中村的工作队员不得调动：须由局领导确认并写明理由", "This village is under rectification: only a leader may confirm a move, with a reason";
    TeamStaysWhileRectifying => "该干部是整顿中村的联村工作队员：须先由局领导在“组织机构”页确认调离并写明理由", "This person is on the team of a village under rectification: a leader must first confirm the move, with a reason, on the Structure page";
    VillageRectifying => "整顿中", "Under rectification";
    VillageMarkRectifying => "标记为整顿中", "Mark as under rectification";
    VillageRectified => "整顿完成", "Rectification done";
    TownLeadersTitle => "镇班子成员", "Town leadership";
    TownLeaderAdd => "登记镇班子成员", "Add a town leader";
    TownLeaderTown => "乡镇", "Town";
    TownLeaderPost => "职务", "Post";
    ValLeaveReason => "请写明调离的理由", "Say why they leave";
    VillageRectifiedByLeader => "整顿完成须由局领导确认", "Only a leader may end the rectification";
    ValServiceDayDate => "所选服务日与接待日期不一致", "The chosen service day is not the reception's date";
    ServiceDayDefaultPlace => "村活动场所", "Village activity venue";
    ValStartBeforeCurrent => "起始日期不能早于当前任职的起始日期", "The start cannot be before the current term's start";
    AreaIndustry => "特色产业", "Local industry";
    AreaInfrastructure => "基础设施", "Infrastructure";
    AreaLiving => "人居环境", "Living environment";
    AreaAppearance => "村容村貌", "Village appearance";
    AreaOther => "其他", "Other";
    DecisionReward => "给予补助和奖励", "Reward";
    DecisionNone => "不予奖励", "No reward";
    ValYear => "请填写2016年到今年之间的年份", "Enter a year from 2016 to this year";
    ResultsTitle => "{0}年工作业绩和考核", "Results and assessment {0}";
    ResultsYear => "年份", "Year";
    ResultsVillages => "创好工作业绩", "Village results";
    ResultsNone => "本年还没有登记工作业绩。", "No results recorded this year.";
    ResultsBefore => "之前", "Before";
    ResultsAfter => "之后", "After";
    ResultsEvidence => "佐证", "Evidence";
    ResultsAdd => "登记工作业绩", "Record a result";
    ResultsArea => "方面", "Area";
    ResultsHighlight => "亮点", "Highlight";
    ResultsDay => "取得日期", "Achieved on";
    ResultsAssessment => "年度考核（补助和奖励）", "Yearly assessment (rewards)";
    ResultsAssessmentHint => "数据均由系统记录自动统计；由领导小组逐人作出决定并写明理由。", "Every figure comes from the records; the leading group decides on each person and says why.";
    ResultsVisits => "走访次数", "Visits";
    ResultsCoverage => "走访全覆盖月数", "Months fully covered";
    ResultsObligations => "履职事项完成", "Obligations met";
    ResultsItems => "台账按时办结", "Items closed on time";
    ResultsReplies => "回复群众反馈", "Feedback replies";
    ResultsQuota => "结对帮扶", "Pairing";
    ResultsUndecided => "领导小组尚未决定", "Not yet decided";
    ResultsDecide => "领导小组决定", "Decide";
    ResultsSign => "领导小组组长（签字）：__________　日期：__________", "Head of the leading group (signature): __________  Date: __________";
    ResultsOpen => "工作业绩和考核", "Results and assessment";
    ScopeBureau => "全局", "Bureau";
    ScopeVillage => "各村", "Each village";
    ScopePerson => "每人", "Each person";
    PeriodMonth => "每月", "Monthly";
    PeriodHalfYear => "每半年", "Half-yearly";
    PeriodYear => "每年", "Yearly";
    EvidenceMeeting => "调度会记录", "Dispatch-meeting records";
    EvidenceServiceDay => "服务日记录", "Service-day records";
    EvidenceVisitForm => "入户走访的意见反馈表", "Feedback forms from home visits";
    EvidenceCoverage => "联系户走访覆盖", "Visits to assigned households";
    PeriodQuarter => "每季度", "Quarterly";
    EvidenceCongress => "支部党员大会记录", "Branch congress records";
    EvidenceBranchCommittee => "支部委员会记录", "Branch committee records";
    EvidencePartyGroup => "党小组会记录", "Party group records";
    EvidencePartyLesson => "党课记录", "Party lesson records";
    EvidenceTeamLesson => "工作队讲授的党课", "Party lessons given by the team";
    EvidenceLifeMeeting => "组织生活会（负责人参加并点评）", "Organisational life meeting (team leader present and commenting)";
    EvidenceAppraisal => "已公开结果的民主评议", "Member appraisal with published results";
    EvidenceProject => "获批项目", "Approved projects";
    ValObligationMonth => "请填写1到12之间的月份", "Enter a month from 1 to 12";
    ValObligationMax => "上限不能小于至少次数", "The upper target cannot be below the minimum";
    ObligationsDueMonth => "截止月份（季度、半年、年度事项）", "Due month (quarterly, half-yearly, yearly)";
    ObligationsMaxCount => "目标上限（可不填）", "Upper target (optional)";
    ObligationsRuleLineLong => "{0}，至少{1}次，本期第{2}个月{3}日前", "{0}, at least {1}, by day {3} of the period's month {2}";
    WorkBranchMeeting => "三会一课", "Branch meeting";
    WorkTraining => "教育培训", "Training";
    WorkReportTrip => "衔接汇报", "Report trip";
    WorkScreening => "矛盾隐患排查", "Screening round";
    WorkPublicity => "安全宣传", "Safety publicity";
    WorkCleanup => "环境卫生整治", "Village clean-up";
    WorkPurchase => "代购登记", "Purchase requested";
    WorkPurchaseUpdate => "代购交付、确认", "Purchase delivered or confirmed";
    ScreenDisputes => "矛盾纠纷排查", "Disputes";
    ScreenHazards => "安全隐患排查", "Safety hazards";
    ScreenBoth => "矛盾纠纷、安全隐患排查", "Disputes and hazards";
    FindingDispute => "矛盾纠纷", "Dispute";
    FindingHazard => "安全隐患", "Hazard";
    TopicProduction => "安全生产", "Work safety";
    TopicTraffic => "水路交通安全", "Road and water traffic safety";
    TopicFire => "护林防火", "Forest fire prevention";
    TopicLaw => "法律法规", "Laws and regulations";
    TopicHygiene => "环境卫生", "Hygiene";
    SourceScreening => "排查发现", "Screening round";
    SfKind => "排查内容", "What the round looks for";
    SfTeam => "工作队参加人员", "Team members taking part";
    SfTownCadres => "镇驻村干部", "Town cadres";
    SfVillageCadres => "村组干部", "Village and group cadres";
    SfPlaces => "排查范围（组、地点、户）", "Places covered (groups, places, households)";
    SfFindings => "发现的问题", "Findings";
    SfFindingsHint => "没有发现问题也请保存记录。勾选“列入台账”的问题，同步后自动生成台账事项（只生成一次）。", "Save the round even when nothing was found. Findings ticked “into the ledger” become ledger items once synced (once only).";
    SfAddFinding => "＋ 添加一个问题", "+ Add a finding";
    SfRemoveFinding => "删除", "Remove";
    SfFindingKind => "问题类型", "Kind of finding";
    SfFindingPlace => "地点或当事人", "Place or people involved";
    SfFindingDetail => "问题描述", "What was found";
    SfToLedger => "列入台账", "Into the ledger";
    SfNote => "备注", "Note";
    SfTopic => "宣传内容", "Subject";
    SfAudience => "受众人数", "Audience";
    SfMaterial => "宣传材料（横幅、手册等）", "Material used (banners, booklets)";
    SfScreenings => "矛盾纠纷、安全隐患排查", "Dispute and hazard screening";
    SfPublicity => "安全宣传", "Safety publicity";
    SfInLedger => "已列入台账", "In the ledger";
    SfMakeItem => "列入台账", "Into the ledger";
    SfNothingFound => "未发现问题", "Nothing found";
    ValScreeningWho => "请填写参加排查的人员", "Name who took part in the round";
    ValFindingDetail => "请填写发现的问题", "Describe what was found";
    ValFindingLinked => "该问题已列入台账", "This finding is already in the ledger";
    EnArea => "整治区域", "Area";
    EnMilitia => "民兵应急连人数", "Militia unit members";
    EnVillagers => "参加群众人数", "Villagers taking part";
    EnWork => "整治内容", "Work done";
    EnCleanups => "环境卫生集中整治", "Village clean-ups";
    EnProgramme => "绿化、美化、亮化工程（三年）", "Greening, beautifying and lighting (three years)";
    EnProgrammeHint => "每个节点到期当月计入履职情况。", "Each milestone counts in the obligations of the month it falls due.";
    EnDueOn => "计划完成", "Due";
    EnDoneOn => "完成日期", "Done on";
    EnMarkDone => "标记完成", "Mark done";
    EnAddMilestone => "添加节点", "Add a milestone";
    EnCategory => "类别", "Part";
    EnMilestoneTitle => "节点内容", "Milestone";
    EnWorks => "改水、改厕、改灶及清洁能源", "Household works and clean energy";
    EnWorksHint => "按户登记，在农户页面填写。", "Recorded per household, on the household's page.";
    EnWorkKind => "项目", "Work";
    EnRules => "村规民约", "Village rules";
    EnNewRules => "修订村规民约", "Revise the village rules";
    EnAdoptedOn => "通过日期", "Adopted on";
    EnVersion => "第{0}版 · {1}起 · {2}", "Version {0} · from {1} · {2}";
    EnCrew => "村级环境卫生清扫保洁队伍", "Sanitation crew";
    EnCrewMembers => "队员（每行一人）", "Members (one per line)";
    EnRoutine => "保洁制度", "Routine";
    EnSetCrew => "更新保洁队伍", "Update the crew";
    EnSince => "起始日期", "From";
    ProgrammeGreening => "绿化", "Greening";
    ProgrammeBeautifying => "美化", "Beautifying";
    ProgrammeLighting => "亮化", "Lighting";
    HouseWater => "改水", "Water supply";
    HouseToilet => "改厕", "Toilet";
    HouseStove => "改灶", "Stove";
    HouseRepair => "危房改造", "House repair";
    HouseSolar => "太阳能", "Solar energy";
    HouseBiogas => "沼气", "Biogas";
    WorkPlanned => "计划", "Planned";
    WorkInProgress => "进行中", "In progress";
    WorkDone => "已完成", "Done";
    ValDoneOn => "已完成的请填写完成日期", "Enter the day it was done";
    ValDoneBeforeStart => "完成日期不能早于开工日期", "Done cannot be before it started";
    EvidenceCleanup => "环境卫生整治记录", "Clean-up records";
    EvidenceScreening => "排查记录", "Screening records";
    EvidenceMilestone => "当月到期的工程节点", "Programme milestones due";
    MaterialPolicy => "惠农政策", "Farm policy";
    MaterialTechnology => "科技致富信息", "Technology";
    MaterialLaw => "法律法规", "Law";
    PaidVillager => "群众自付", "Paid by the villager";
    PaidCadre => "干部垫付", "Advanced by the cadre";
    PaidBureau => "单位资助", "Paid by the bureau";
    PurchaseAsked => "待购", "To buy";
    PurchaseDelivered => "已送达，待群众确认", "Delivered, awaiting confirmation";
    PurchaseClosed => "已确认", "Confirmed";
    SpTitle => "科技服务包", "Service pack";
    SpHint => "惠农政策、科技致富信息、法律法规资料。同步后存在手机上，没有信号也能看。", "Policy, technology and law material. Kept on the phone after a sync: readable with no signal.";
    SpKind => "资料类别", "Kind";
    SpAllKinds => "全部", "All";
    SpEmpty => "手机上还没有资料：有信号时同步一次。", "No material on this phone yet: sync once with a signal.";
    SpAttachment => "附件", "Attachment";
    SpAdd => "添加资料", "Add material";
    SpMaterialTitle => "标题", "Title";
    SpBody => "内容", "Text";
    SpLink => "附件链接（可不填）", "Attachment link (optional)";
    SpLibrary => "资料库", "Library";
    SpWithdraw => "停止下发", "Withdraw";
    SpRestore => "恢复下发", "Restore";
    SpItem => "代购物品", "Item";
    SpQuantity => "数量", "Quantity";
    SpEstimate => "预计金额（元）", "Estimated cost (yuan)";
    SpWhich => "哪一笔代购", "Which purchase";
    SpDelivered => "已送达", "Delivered";
    SpActual => "实际金额（元）", "Actual cost (yuan)";
    SpPaidBy => "付款方", "Paid by";
    SpConfirmedBy => "确认收货的群众", "Villager confirming receipt";
    SpConfirmHint => "群众当面确认后填写其姓名；确认后这笔代购才办结。", "Write the villager's name once they confirm in person; only then is the purchase closed.";
    ValPurchaseNothing => "请勾选已送达，或填写确认收货的群众", "Tick delivered, or name the villager confirming";
    ValPurchaseUnknown => "找不到这笔代购", "No such purchase for this household";
    ValPurchaseDelivered => "这笔代购已登记送达", "This purchase is already delivered";
    ValPurchaseClosed => "这笔代购已确认办结", "This purchase is already confirmed";
    ValPurchaseNotDelivered => "送达后才能确认", "It can be confirmed only once delivered";
    ValLink => "链接须以 http:// 或 https:// 开头", "A link starts with http:// or https://";
    WfHousehold => "农户", "Household";
    WfChooseHousehold => "请选择农户", "Choose a household";
    WfChoosePurchase => "请选择代购", "Choose the purchase";
    EnSetWork => "登记或更新", "Record or update";
    EnStatus => "进度", "Status";
    EnStartedOn => "开工日期", "Started on";
    SpPurchases => "代购", "Purchases on the household's behalf";
    NeedsTitle => "这户的待办（进村前看看）", "Open for this household (before the visit)";
    NeedsNone => "这户没有待办的代购和台账事项", "Nothing open: no purchase, no ledger item";
    NeedsLedger => "台账", "Ledger";
    NeedsDeadline => "期限", "Due";
    MeetingCongress => "支部党员大会", "Branch congress";
    MeetingCommittee => "支部委员会", "Branch committee";
    MeetingGroup => "党小组会", "Party group meeting";
    MeetingLesson => "党课", "Party lesson";
    MeetingLife => "组织生活会", "Organisational life meeting";
    PostSecretary => "村支部书记", "Branch secretary";
    PostDeputySecretary => "村支部副书记", "Deputy branch secretary";
    PostBranchMember => "支部委员", "Branch committee member";
    PostVillageDirector => "村委会主任", "Village committee director";
    PostDeputyDirector => "村委会副主任", "Deputy director";
    PostCommitteeMember => "村委委员", "Village committee member";
    DecStepPropose => "党支部提议", "Branch proposes";
    DecStepDiscuss => "两委会商议", "Two committees discuss";
    DecStepReview => "党员大会审议", "Party members review";
    DecStepResolve => "村民代表会议或村民会议决议", "Villagers' (representatives') meeting resolves";
    DecStepAnnounce => "决议公开", "Resolution published";
    DecStepReport => "实施结果公开", "Results published";
    FundHigher => "上争", "Won from higher levels";
    FundOutside => "外引", "Brought in from outside";
    FundDepartment => "部门扶持", "Department support";
    FundDonor => "能人捐助", "Donations";
    ProjectPlanning => "谋划中", "Planning";
    ProjectApplied => "已申报", "Applied";
    ProjectApproved => "已批复", "Approved";
    ProjectFunded => "资金到位", "Funded";
    ProjectRefused => "未获批", "Refused";
    LevelProvince => "省级部门", "Provincial department";
    LevelCity => "市级部门", "City department";
    LevelCounty => "县级部门", "County department";
    ValDayAhead => "日期不能晚于明天", "The date cannot be after tomorrow";
    ValCount => "请填写0到9999之间的整数", "Enter a whole number from 0 to 9999";
    ValMoney => "请填写金额（元），最多两位小数，如 12000 或 1.2万", "Enter an amount in yuan with at most two decimals, e.g. 12000 or 1.2万";
    ValNobodyPresent => "请填写参加人数", "Enter how many took part";
    ValLifeComment => "工作队负责人参加的组织生活会，请填写其点评", "The team leader took part: enter their comments";
    ValPublishedBefore => "公开日期不能早于评议日期", "Published before it was held";
    ValApprovedOn => "已批复的项目请填写批复日期", "An approved project needs its approval date";
    DecisionStepDone => "这一步已经记录过了", "This step is already recorded";
    DecisionComplete => "四议两公开的六个步骤都已完成", "All six steps are done";
    DecisionOutOfOrder => "须按顺序进行：请先完成上一步", "Steps go in order: the previous one comes first";
    DecisionBeforePrevious => "日期不能早于上一步", "The date cannot be before the previous step";
    VwTitle => "村务工作", "Village work";
    VwHint => "四帮扶：帮扶组织建设、帮谋经济发展（实施方案三(二)1–2）", "The four helps: organisation and economy (plan 三(二)1–2)";
    VwVillages => "联系村", "Villages";
    VwNone => "您还没有加入任何村的工作队。", "You are not on any village's team yet.";
    VwRecord => "记录会议、培训或汇报", "Record a meeting, training or trip";
    VwTeam => "联村工作队", "Liaison team";
    VwFirstSecretary => "第一书记", "First secretary";
    VwRectifying => "整顿中", "Under rectification";
    VwCommittee => "两委班子", "Two committees";
    VwCommitteeAdd => "新增两委成员", "Add a member";
    VwTerm => "届次", "Term";
    VwStartedOn => "任职日期", "Since";
    VwEnd => "离任", "Leaves";
    VwEndReason => "离任原因", "Reason for leaving";
    VwHistory => "历任", "History";
    VwTrainings => "教育培训", "Training";
    VwMeetings => "三会一课和组织生活会", "Branch meetings and organisational life";
    VwPresent => "实到", "Present";
    VwAbsent => "缺席", "Absent";
    VwTeamPresent => "参加的工作队员", "Team members present";
    VwLeaderAttended => "工作队负责人参加", "Team leader took part";
    VwByTeam => "工作队讲授", "Given by the team";
    VwComment => "点评", "Comments";
    VwAppraisals => "民主评议党员", "Members' appraisal";
    VwExcellent => "优秀", "Excellent";
    VwQualified => "合格", "Qualified";
    VwBasic => "基本合格", "Basically qualified";
    VwUnqualified => "不合格", "Unqualified";
    VwPublishedOn => "结果公开日期", "Results published on";
    VwUnpublished => "结果尚未公开", "Results not yet published";
    VwFollowUp => "对不合格党员的处置", "Follow-up of unqualified members";
    VwPublish => "登记公开", "Record publication";
    VwDecisions => "四议两公开", "Four deliberations, two publications";
    VwDecisionTitle => "决策事项", "Matter to decide";
    VwDecisionOpen => "新建事项", "New matter";
    VwNextStep => "下一步：{0}", "Next: {0}";
    VwStepDone => "记录这一步", "Record this step";
    VwDecisionDone => "已完成全部步骤", "All steps done";
    VwVenue => "活动场所", "Activity venue";
    VwCondition => "现状", "Condition";
    VwPlanned => "计划建设内容", "Work planned";
    VwFunds => "建设资金", "Funds";
    VwAmount => "金额（元）", "Amount (yuan)";
    VwReceivedOn => "到位日期", "Received on";
    VwSource => "来源", "Source";
    VwTotal => "合计", "Total";
    VwProgress => "进展", "Progress";
    VwNote => "说明", "Note";
    VwPlan => "发展规划", "Development plan";
    VwPlanVersion => "第{0}版 · {1} · {2}", "Version {0} · {1} · {2}";
    VwPlanNone => "尚未制定发展规划。", "No development plan yet.";
    VwGoal => "发展目标", "Goal";
    VwApproach => "发展思路", "Approach";
    VwPlanOrganisation => "基层组织建设规划", "Grassroots organisation";
    VwPlanIndustry => "特色产业发展规划", "Local industry";
    VwPlanEnvironment => "环境管理整治规划", "Environment";
    VwPlanLivelihood => "民生民本改善规划", "Livelihoods";
    VwPlanCollective => "集体经济发展规划", "Collective economy";
    VwPlanSave => "保存为新版本", "Save as a new version";
    VwProjects => "跑项争资", "Projects and funds";
    VwProjectsYear => "本年获批项目 {0}（方案要求每年1–2个）", "Approved this year: {0} (the plan asks 1–2 a year)";
    VwProject => "项目名称", "Project";
    VwFunder => "资金来源单位", "Funding body";
    VwApplied => "申请（元）", "Applied (yuan)";
    VwApproved => "批复（元）", "Approved (yuan)";
    VwReceived => "到位（元）", "Received (yuan)";
    VwStatus => "状态", "Status";
    VwPost => "职务", "Post";
    VwApprovedOn => "批复日期", "Approved on";
    VwProjectAdd => "新增项目", "Add a project";
    VwProjectUpdate => "更新", "Update";
    VwTrips => "衔接汇报", "Report trips";
    VwLevel => "部门层级", "Level";
    VwDepartment => "部门", "Department";
    VwPurpose => "汇报事项", "Purpose";
    VwOutcome => "结果", "Outcome";
    VwCollective => "集体经济收入", "Collective income";
    VwYear => "年度", "Year";
    VwIncome => "收入（元）", "Income (yuan)";
    VwEmpty => "暂无记录。", "Nothing recorded yet.";
    VwRecordedBy => "记录人", "Recorded by";
    VwOpenVillage => "村务工作", "Village work";
    WfTitle => "村里的记录", "Village record";
    WfHint => "没有信号也能填写，保存后自动上传。", "Works with no signal; sent when the phone is back online.";
    WfWhat => "记录什么", "What";
    WfVillage => "村", "Village";
    WfChooseVillage => "请选择村", "Choose a village";
    WfHeldOn => "日期", "Date";
    WfPlace => "地点", "Place";
    WfTopic => "主题", "Topic";
    WfAttendees => "参加人员", "Who attended";
    WfHeadcount => "人数", "Headcount";
    WfSave => "保存并上传", "Save and send";
    WfQueued => "已保存在手机上，有信号时自动上传。", "Saved on this phone; it goes up when there is signal.";
    WfOnPhone => "本机上的村务记录", "Village records on this phone";
    WfNoVillages => "手机上还没有联系村的资料：请在有信号时打开一次本页。", "No villages on this phone yet: open this page once with signal.";
    StateDone => "已完成", "Done";
    StateDue => "待完成", "Due";
    StateOverdue => "已逾期", "Overdue";
    StateMissed => "未完成", "Missed";
    ValObligationDay => "请填写1到31之间的数字", "Enter a number from 1 to 31";
    ValObligationWindow => "时段和截止日须在月内依次排列", "The window must run forward and hold the due day";
    ObligationsTitle => "履职日历", "Obligations calendar";
    ObligationsHint => "方案规定的经常性工作，按记录自动判定：已完成、待完成、已逾期、未完成。", "The plan's recurring duties, judged from the records: done, due, overdue, missed.";
    ObligationsMonth => "截至月份", "Up to month";
    ObligationsMonths => "月数", "Months";
    ObligationsShow => "查看", "Show";
    ObligationsNone => "本期没有需要判定的事项。", "Nothing to judge in these months.";
    ObligationsRules => "规则", "Rules";
    ObligationsRuleLine => "{0}，第{1}至{2}日，至少{3}次，{4}日前", "{0}, days {1}–{2}, at least {3}, by day {4}";
    ObligationsWindowFrom => "时段起（日）", "Window from (day)";
    ObligationsWindowTo => "时段止（日）", "Window to (day)";
    ObligationsDueDay => "截止日", "Due day";
    ObligationsMinCount => "至少次数", "At least";
    ObligationsVillages => "适用村（编号，逗号分隔；空为全部）", "Villages (ids, comma-separated; empty for all)";
    ObligationsActive => "执行中", "In force";
    ObligationsSaveRule => "保存（从本期起生效）", "Save (applies from this period)";
    ObligationsTally => "{0}/{1}", "{0} of {1}";
    ObligationsDueBy => "{0}前", "by {0}";
    ObligationsPrint => "打印", "Print";
    HomeDueThisWeek => "近期应办", "Due soon";
    HomeNothingDue => "近期没有到期事项。", "Nothing due soon.";
    PostDirector => "局长", "Director";
    PostDeputy => "班子成员（副局长）", "Deputy director";
    PostDiscipline => "纪检员", "Discipline inspector";
    PostUnitHead => "股室负责人", "Unit head";
    PostLiaison => "联村工作队员", "Liaison cadre";
    PostOffice => "办公室工作人员", "Office staff";
    UserPost => "岗位", "Post";
    UserDuties => "岗位职责", "Duties";
    UserDutiesHint => "印在便民联系卡上，如“负责民智村信访接待、民事代办”。", "Printed on the liaison card, e.g. “petitions and errands for 民智村”.";
    PairingAlsoAssign => "同时分配为其联系户（写民情日记、计入走访覆盖）", "Also assign the household to them (visit diary, coverage)";
    FormBrought => "已带回意见反馈表", "Feedback form brought back";
    FormNotBrought => "未带回", "Not brought back";
    VisitFeedbackForm => "意见反馈表", "Feedback form";
    VisitNoFormReason => "未带回的原因", "Why not";
    VisitCardGiven => "已向该户发放便民联系卡", "Liaison card given to this household";
    ValFormReason => "请写明未带回意见反馈表的原因", "Say why no feedback form came back";
    ValFormAnswer => "入户走访须说明是否带回意见反馈表", "A home visit must say whether a feedback form came back";
    ServiceDayTitle => "服务日记录", "Service days";
    ServiceDayHint => "每月6日、7日在村活动场所集中服务。没有群众来访也要记录当天的地点和在岗人员。", "Held on the 6th and 7th at the village venue. Record the day, the place and who was on duty even when nobody came.";
    ServiceDayVillage => "村", "Village";
    ServiceDayPlace => "地点", "Place";
    ServiceDayStaff => "在岗人员", "Staff present";
    ServiceDayNote => "备注", "Note";
    ServiceDaySave => "记录服务日", "Record the service day";
    ServiceDaySaved => "服务日已记录", "Service day recorded";
    ServiceDayVisitors => "来访{0}人", "{0} visitors";
    ServiceDayNobody => "无人来访", "Nobody came";
    ServiceDayNone => "近两个月没有服务日记录。", "No service days recorded in the last two months.";
    ReceptionServiceDay => "所属服务日", "Service day";
    ReceptionNoServiceDay => "不属于服务日", "Not on a service day";

    // Server-rendered pages only (in the server build, never in the WASM): the villagers'
    // card and receipt pages (cards/public.rs), the summary and the monthly report
    // (summary/render.rs), and the visit diary served plain (ui/plain.rs).
    @server {
        VisitsPlainUnsent => "本机还有未发送的记录，应用载入后自动发送。", "This phone holds records not yet sent: they are sent once the app has loaded.";
        SumNumbers => "数据表", "Numbers";
        SumAllVillages => "全部村", "All villages";
        SumAsOf => "统计时间 ", "as of ";
        SumHouseholdsVisited => "走访覆盖率", "Households visited";
        SumFeedbackThisMonth => "本月群众反馈", "Feedback this month";
        SumOverdueItems => "逾期事项", "Overdue items";
        SumShortOfPairingQuota => "结对未达标人数", "Short of pairing quota";
        SumStillOnPhones => "手机上未上传", "Still on phones";
        SumName => "名称", "Name";
        SumHouseholds => "户数", "Households";
        SumVisited => "已访户", "Visited";
        SumCoverage => "覆盖率", "Coverage";
        SumVisits => "走访次", "Visits";
        SumCoverageByVillage => "各村走访覆盖率", "Coverage by village";
        SumCoverageByVillageChart => "各村走访覆盖", "Coverage by village";
        SumCoverageByCadre => "各干部走访覆盖率", "Coverage by cadre";
        SumCoverageByCadreOwn => "各干部走访覆盖（本人联系户）", "Coverage by cadre (own households)";
        SumEveryCadreHasVisited => "本月每位干部都有走访记录。", "Every cadre has visited this month.";
        SumNoVisitThisMonth => "本月无走访记录：", "No visit this month: ";
        SumVisitCoverage => "走访覆盖", "Visit coverage";
        CategoryTitle => "类别", "Category";
        SumTotal => "合计", "Total";
        SumResolvedThisMonth => "本月办结 ", "Resolved this month: ";
        SumMedianTimeFromRaised => " 件，从反映到办结用时中位数 ", "; median time from raised to resolved ";
        SumDays => " 天。", " days.";
        SumNoFeedbackWasResolved => "本月没有办结的反馈。", "No feedback was resolved this month.";
        SumFeedbackByCategoryAnd => "群众反馈（按类别、状态）", "Feedback by category and status";
        SumFeedbackThisMonthBy => "本月反馈按类别", "Feedback this month by category";
        SumFeedbackReceivedThisMonth => "本月收到的反馈（当前状态）", "Feedback received this month (status now)";
        SumNothingIsOverdue => "目前没有逾期事项。", "Nothing is overdue.";
        SumOverdueItemsAsOf => "逾期未办结事项（截至今日）", "Overdue items (as of today)";
        SumOwner => "包案人", "Owner";
        SumOverdue => "逾期件数", "Overdue";
        SumLongestOverdueDays => "最长逾期天数", "Longest overdue (days)";
        SumOverdueItemsByOwner => "逾期事项（按包案人）", "Overdue items by owner";
        SumMadeThisMonth => "本月作出承诺", "Made this month";
        SumKeptThisMonthReported => "本月兑现（报办结）", "Kept this month (reported done)";
        SumOfWhichAfterThe => "其中超过时限兑现", "of which after the deadline";
        SumStillOpen => "尚未兑现", "Still open";
        SumOpenAndOverdue => "已逾期未兑现", "Open and overdue";
        SumCommitments => "承诺事项", "Commitments";
        SumCommitmentsMadeKeptAnd => "承诺事项兑现情况", "Commitments made, kept and overdue";
        SumMeasure => "项目", "Measure";
        SumCount => "件数", "Count";
        SumEveryoneMeetsThePairing => "所有人员均已完成结对任务。", "Everyone meets the pairing quota.";
        SumShortBy => "（差", " (short by ";
        SumHouseholdsClose => "户）", ")";
        SumShortOfThePairing => "未完成结对任务：", "Short of the pairing quota: ";
        SumShort => "差", "short ";
        SumMet => "达标", "met";
        SumPairingQuota => "结对帮扶任务", "Pairing quota";
        SumEveryone => "全部人员", "Everyone";
        SumQuotaDirector2Team => "结对任务：局长≥2户，班子成员、股室负责人、工作队员≥1户", "Quota: director ≥ 2, team, unit heads and liaison members ≥ 1";
        SumPersonName => "姓名", "Name";
        SumPost => "岗位", "Post";
        SumPaired => "已结对", "Paired";
        SumRequired => "应结对", "Required";
        SumStatus => "情况", "Status";
        SumReceptionsPerDay => "各服务日接待人次", "Receptions per day";
        SumDate => "日期", "Date";
        SumVisitors => "接待人次", "Visitors";
        SumServiceDayReceptions => "便民服务日接待", "Service-day receptions";
        SumReceivedThisMonth => "本月接待 ", "Received this month: ";
        SumSentToTheLedger => " 人次，转入台账 ", "; sent to the ledger: ";
        SumItemsEnd => " 件。", ".";
        SumObligations => "履职情况", "Obligations";
        SumObligation => "事项", "Obligation";
        SumDone => "完成", "Done";
        SumOpen => "未完成", "Open";
        SumBureau => "全局", "Bureau";
        ListSep => "、", ", ";
        SumLiaisonCardsHandedOut => "便民联系卡发放", "Liaison cards handed out";
        SumVillage => "村", "Village";
        SumHouseholdsRow => "农户", "Households";
        SumCardGiven => "已发卡", "Card given";
        SumNever => "从未同步", "never";
        SumDataStillOnPhones => "手机上未上传的数据", "Data still on phones";
        SumWhatEachPersonS => "各人手机在最近一次同步时报告的未上传记录（含待处理和未完成草稿）。超过7天未同步的标为橙色。", "What each person's phones reported at their last sync: records not yet on the server (set aside or draft). Phones silent for over 7 days are marked.";
        SumPhonesByPerson => "各人手机同步情况", "Phones by person";
        SumLastSync => "最近同步", "Last sync";
        SumWaiting => "未上传条数", "Waiting";
        SumVisitsLast12Months => "近12个月走访次数", "Visits, last 12 months";
        SumVisitCount => "走访次数", "Visits";
        SumFeedbackAndClosedItems => "近12个月反馈与销号", "Feedback and closed items, last 12 months";
        SumFeedback => "收到反馈", "Feedback";
        SumItemsClosed => "台账销号", "Items closed";
        SumLast12Months => "近12个月", "Last 12 months";
        SumMonth => "月份", "Month";
        SumN12MonthTrends => "近12个月趋势", "12-month trends";
        SumExport => "导出台账", "Export";
        SumExcelInLedgerLayout => "Excel 按台账格式排版（每村或每类一张表）；CSV 可用 Excel 直接打开。走访和反馈按所选月份导出，农户和台账导出当前全部。身份证号一律脱敏；每次导出都记入审计日志。", "Excel in ledger layout (a sheet per village or kind); CSV opens in Excel. Visits and feedback follow the chosen month; households and the ledger are exported as they stand. ID numbers are always masked; every export is audited.";
        SumRosterHouseholds => "农户花名册", "Households";
        SumDiaryVisits => "民情日记（走访）", "Visits";
        SumLedgerItems => "民情台账", "Ledger items";
        SumVillagersFeedback => "群众反馈", "Feedback";
        SumFourHelps => "四帮扶台账", "Four helps";
        SumShow => "查看", "Show";
        SumMonthlyReportPrint => "月报（打印）", "Monthly report (print)";
        SumShugenMonthlyReport => "“树根工程”工作月报", " Shugen monthly report";
        SumThisMonth => "本月走访 ", "This month: ";
        SumVisitsCovering => " 次，覆盖联系户 ", " visits covering ";
        SumHouseholdsOpen => " 户（", " households (";
        SumFeedbackReceived => "）；收到群众反馈 ", "); feedback received ";
        SumItemsOverdue => " 件；逾期事项 ", "; overdue items ";
        SumItemsShortOfQuota => " 件；结对未达标 ", "; short of pairing quota: ";
        SumPeopleEnd => " 人。", ".";
        SumLeadingGroupOfficeSeal => "领导小组办公室（盖章）", "Leading group office (seal)";
        SumReviewedBy => "审核人：________", "Reviewed by: ________";
        CardShugenVillageLiaison => "树根 · 联村为民", "Shugen · village liaison";
        CardBureau => "局", "Bureau";
        CardLiaisonOffice => "领导小组办公室", " liaison office";
        CardBureauLeadership => "局领导 ", "Bureau leadership: ";
        CardTownGovernment => "人民政府", " town government";
        CardServiceDaysTitle => "便民服务日", "Service days";
        CardThe6thAnd7th => "每月6日、7日，联村干部在村服务，当面办事、接待来访。", "The 6th and 7th of every month: your liaison cadre is in the village to help in person.";
        CardNext => "下一次：", "Next: ";
        WeekdayMon => "周一", "Mon";
        WeekdayTue => "周二", "Tue";
        WeekdayWed => "周三", "Wed";
        WeekdayThu => "周四", "Thu";
        WeekdayFri => "周五", "Fri";
        WeekdaySat => "周六", "Sat";
        WeekdaySun => "周日", "Sun";
        CardChooseACategory => "请选择类别", "Choose a category";
        CardSendFeedback => "意见反馈", "Send feedback";
        CardTellUsAboutA => "有困难、有意见、有建议，都可以告诉我们。提交后会得到回执码，凭它查询办理进度。", "Tell us about a problem, a complaint or an idea. You get a receipt code to follow it up.";
        CardWhatWouldYouLike => "反映的问题或建议", "What would you like to tell us?";
        CardYourNameOptional => "您的称呼（可不填）", "Your name (optional)";
        CardPhoneOptional => "联系电话（可不填）", "Phone (optional)";
        CardYouMayStayAnonymous => "可以匿名反映。留下电话，我们可以回电告诉您结果。", "You may stay anonymous. Leave a number if you would like a call back.";
        CardSending => "正在提交…", "Sending…";
        CardSend => "提交反馈", "Send";
        CardCheckProgress => "查询办理进度", "Check progress";
        CardReceiptCode => "回执码", "Receipt code";
        CardLookUp => "查询", "Look up";
        CardLeadershipContacts => "班子成员联系方式", "Leadership contacts";
        CardBureauLeaders => "局班子成员", "Bureau leadership";
        CardTownLeadership => "镇班子成员", "Town leadership";
        CardYourLiaisonCadre => "您的联村干部", "Your liaison cadre";
        CardJumpToFeedback => "我要反映问题", "Send feedback";
        CardWeChatMayNotSave => "在微信里可能无法直接保存联系人：请点右上角“···”，选“在浏览器打开”后再保存；也可以长按上面的号码复制。拨打电话和提交反馈在微信里都能用。", "WeChat may not save contacts: tap “···” at the top right and choose “Open in browser”, then save; or press and hold the number above to copy it. Calling and sending feedback work in WeChat.";
        CardCall => "拨打", "Call";
        CardAddToContacts => "保存到通讯录", "Add to contacts";
        CardOurPromise => "服务承诺", "Our promise";
        CardOtherContacts => "其他联系方式", "Other contacts";
        CardLiaisonCard => "便民联系卡", "Liaison card";
        CardThisCardIsNo => "此联系卡已停用", "This card is no longer in use";
        CardYourLiaisonCadreMay => "联村干部可能已调整。有事请拨打下面的电话，我们会安排新的联村干部与您联系。", "Your liaison cadre may have changed. Please call one of the numbers below and we will put you in touch.";
        CardContactUs => "联系我们", "Contact us";
        CardSomethingWentWrong => "系统繁忙", "Something went wrong";
        CardPleaseTryAgainIn => "请稍后再试。您填写的内容仍在上一页。", "Please try again in a moment. What you typed is still on the previous page.";
        CardFeedback => "意见反馈", "Feedback";
        CardThankYouForYour => "感谢您的反馈", "Thank you for your feedback";
        CardPleaseCorrectTheMarked => "请按提示修改后再提交。", "Please correct the marked fields and send again.";
        CardThatIsTooLong => "内容太长了", "That is too long";
        CardPleaseGoBackShorten => "请返回上一页，把内容缩短到 2000 字以内再提交；也可以分几次提交。", "Please go back, shorten it to 2,000 characters and send it again, or send it in parts.";
        CardTooManyFormsFrom => "提交太频繁了，请", "Too many forms from this connection. Please try again in ";
        CardMinutesOrCall => "分钟后再试，或直接拨打 ", " minutes, or call ";
        CardTheFormCouldNot => "提交的内容无法识别", "The form could not be read";
        CardPleaseGoBackFill => "请返回上一页，重新填写后提交。", "Please go back, fill the form in again and send it.";
        CardNoFeedbackHasThis => "没有找到这个回执码", "No feedback has this receipt code";
        CardPleaseCheckTheCode => "请核对回执码（8位字母和数字）后再查询。", "Please check the code (8 letters and digits) and try again.";
        CardSentWriteDownOr => "提交成功！请记下或截图保存回执码，凭它查询办理进度。", "Sent! Write down or screenshot the receipt code to follow your feedback up.";
        CardSent => "提交时间", "Sent";
        CardStatus => "办理状态", "Status";
        CardReplies => "答复", "Replies";
        CardNoReplyYet => "暂无答复。", "No reply yet.";
        CardYouWillBeAnswered => "受理后{0}个工作日内答复；需要研究的事项在每月调度会研究，办理结果会在这里公布。", "You will be answered within {0} working days of acceptance; matters that need study go to the monthly meeting, and the outcome appears here.";
        CardBackToTheCard => "返回联系卡", "Back to the card";
        CardFeedbackReceipt => "意见反馈回执", "Feedback receipt";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_has_both_languages() {
        for m in Msg::ALL.iter().chain(Msg::SERVER) {
            assert!(!m.text(Locale::Zh).is_empty(), "{m:?}");
            assert!(!m.text(Locale::En).is_empty(), "{m:?}");
            let zh_args = m.text(Locale::Zh).matches('{').count();
            assert_eq!(zh_args, m.text(Locale::En).matches('{').count(), "{m:?}");
        }
    }

    #[test]
    fn messages_travel_by_name() {
        for m in Msg::ALL {
            let json = serde_json::to_string(m).unwrap();
            assert_eq!(json, format!("\"{m:?}\""));
            assert_eq!(serde_json::from_str::<Msg>(&json).unwrap(), *m);
        }
        assert!(serde_json::from_str::<Msg>("\"NoSuchMessage\"").is_err());
    }
}
