//! Every UI text, Chinese first. `{0}` marks where a value goes.
use super::Locale;
use serde::{Deserialize, Serialize};

macro_rules! catalogue {
    ($($key:ident => $zh:literal, $en:literal;)*) => {
        /// A translatable message. Serialisable (as its name), so the server can name a
        /// message and the browser shows it in the user's language.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Msg { $($key),* }

        // Tables indexed by the variant, not `match`es and derived serde: with a few hundred
        // messages that is tens of KB less WASM for every phone.
        const KEYS: &[&str] = &[$(stringify!($key)),*];
        const ZH: &[&str] = &[$($zh),*];
        const EN: &[&str] = &[$($en),*];

        impl Msg {
            pub const ALL: &'static [Msg] = &[$(Msg::$key),*];

            pub fn text(self, l: Locale) -> &'static str {
                let table = match l {
                    Locale::Zh => ZH,
                    Locale::En => EN,
                };
                table[self as usize]
            }

            /// The message's name, as it travels in JSON.
            pub fn key(self) -> &'static str {
                KEYS[self as usize]
            }

            pub fn from_key(key: &str) -> Option<Msg> {
                KEYS.iter().position(|k| *k == key).map(|i| Msg::ALL[i])
            }
        }
    };
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
    ValOwnRole => "不能停用自己的账号或取消自己的办公室角色", "You cannot deactivate yourself or drop your own office role";

    ErrUnauthenticated => "请先登录", "Please sign in";
    ErrForbidden => "您没有权限查看或操作此项", "You do not have permission for this";
    ErrNotFound => "页面或记录不存在", "Not found";
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
    ObligationsTally => "{0}/{1}", "{0}/{1}";
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_has_both_languages() {
        for m in Msg::ALL {
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
