//! The translation table. Words without arguments are `Key`s; words with arguments are `Msg`s,
//! whose arguments are declared with the entry and named in each language's template, so a
//! missing, extra or misspelt argument is a compile error (the idea of leptos_i18n's `t!`
//! without its build weight).

use super::Lang;

macro_rules! table {
    ($($key:ident => $zh:literal, $hant:literal, $en:literal;)*) => {
        /// A piece of user-facing text.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Key { $($key),* }

        impl Key {
            /// Every key, for checks that the table is complete.
            pub const ALL: &'static [Key] = &[$(Key::$key),*];

            /// The text in `lang` (a language whose words are loaded: see `super::table`).
            pub fn text(self, lang: Lang) -> &'static str {
                super::table::word(lang, self as usize)
            }
        }

        /// Each language's words for the keys, in `Key` order. Only the host (the page before the
        /// app, which also writes each language's words file) and the browser tests compile them:
        /// the app loads its language's file instead, so no language costs the wasm a byte.
        #[cfg(any(not(target_arch = "wasm32"), doorstep_unsplit))]
        pub(super) fn key_column(lang: Lang) -> Vec<&'static str> {
            match lang {
                Lang::ZhHans => vec![$($zh),*],
                Lang::ZhHant => vec![$($hant),*],
                Lang::En => vec![$($en),*],
            }
        }
    };
}

macro_rules! messages {
    ($($key:ident { $($arg:ident),* } => [$($zh:tt),*], [$($hant:tt),*], [$($en:tt),*];)*) => {
        /// A piece of user-facing text with values filled in.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Msg<'a> { $($key { $($arg: &'a str),* }),* }

        /// The messages by position, for the words files.
        #[derive(Clone, Copy)]
        enum MsgId { $($key),* }

        impl Msg<'_> {
            /// How many messages there are.
            pub(super) const COUNT: usize = [$(MsgId::$key),*].len();

            /// The text in `lang`: the language's template with each `{argument}` filled in.
            pub fn text(&self, lang: Lang) -> String {
                match *self {
                    $(Msg::$key { $($arg),* } => super::table::fill(
                        super::table::word(lang, Key::ALL.len() + MsgId::$key as usize),
                        &[$($arg),*],
                    ),)*
                }
            }
        }

        /// Each language's templates, in `Msg` order: every argument as `{n}`, its place in the
        /// message's declaration. Each language must use every argument: an unused one fails the
        /// build.
        #[cfg(any(not(target_arch = "wasm32"), doorstep_unsplit))]
        pub(super) fn msg_column(lang: Lang) -> Vec<String> {
            #[deny(unused_variables)]
            fn zh_hans(m: Msg) -> String {
                match m {
                    $(Msg::$key { $($arg),* } => [$($zh),*].concat(),)*
                }
            }
            #[deny(unused_variables)]
            fn zh_hant(m: Msg) -> String {
                match m {
                    $(Msg::$key { $($arg),* } => [$($hant),*].concat(),)*
                }
            }
            #[deny(unused_variables)]
            fn en(m: Msg) -> String {
                match m {
                    $(Msg::$key { $($arg),* } => [$($en),*].concat(),)*
                }
            }
            let all = [$(Msg::$key { $($arg: concat!("{", stringify!($arg), "}")),* }),*];
            let names: [&[&str]; Msg::COUNT] = [$(&[$(stringify!($arg)),*]),*];
            all.into_iter()
                .zip(names)
                .map(|(m, names)| {
                    let mut template = match lang {
                        Lang::ZhHans => zh_hans(m),
                        Lang::ZhHant => zh_hant(m),
                        Lang::En => en(m),
                    };
                    for (n, name) in names.iter().enumerate() {
                        template = template.replace(&format!("{{{name}}}"), &format!("{{{n}}}"));
                    }
                    template
                })
                .collect()
        }
    };
}

table! {
    AppName => "家门口", "家門口", "Doorstep";
    AppTagline => "接诉即办 · 街道为您服务", "接訴即辦 · 街道為您服務", "Your street office, at your door";
    NavNew => "我要反映", "我要反映", "New request";
    NavMine => "我的诉求", "我的訴求", "My requests";
    NavLookup => "查询进度", "查詢進度", "Track";
    MainNav => "主要功能", "主要功能", "Main";
    Language => "语言", "語言", "Language";
    Loading => "正在加载…", "正在加載…", "Loading…";
    OptionalSuffix => "（选填）", "（選填）", " (optional)";
    QuestionsFailed => "这个类别的补充问题加载失败。", "這個類別的補充問題加載失敗。", "This category's extra questions could not be loaded.";
    Retry => "重试", "重試", "Try again";
    Refresh => "刷新", "刷新", "Refresh";
    Refreshing => "正在刷新…", "正在刷新…", "Refreshing…";
    NotFoundTitle => "没有这个页面", "沒有這個頁面", "Page not found";
    BackHome => "返回首页", "返回首頁", "Back to the start";

    ConfigErrorTitle => "无法启动", "無法啟動", "Doorstep cannot start";
    ConfigErrorBody => "本站的配置文件 config.json 有问题，请联系街道网站管理员：", "本站的配置文件 config.json 有問題，請聯繫街道網站管理員：", "This site's config.json has a problem. Please tell the street office's web administrator:";

    NewTitle => "反映问题", "反映問題", "Report a problem";
    NewIntro => "填好后提交，街道会尽快处理并联系您。填写的内容会自动保存在本机。", "填好後提交，街道會盡快處理並聯繫您。填寫的內容會自動保存在本機。", "Fill this in and send it; the street office will handle it and contact you. What you type is kept on this phone as you go.";
    SectionProblem => "什么问题", "什麼問題", "The problem";
    SectionPlace => "在哪里", "在哪裡", "Where";
    SectionContact => "怎么联系您", "怎麼聯繫您", "How to reach you";
    FieldCategory => "问题类别", "問題類別", "Category";
    CategoriesFailed => "问题类别加载失败。", "問題類別加載失敗。", "The list of categories could not be loaded.";
    FieldDescription => "问题描述", "問題描述", "What is wrong";
    DescriptionHint => "写清楚是什么问题、从什么时候开始、影响到谁。", "寫清楚是什麼問題、從什麼時候開始、影響到誰。", "Say what is wrong, since when, and who it affects.";
    FieldAddress => "问题地点", "問題地點", "Where is it";
    AddressHint => "像给人指路一样写，例如：马家堡东路与革新南路交叉口西北角，往北5米", "像給人指路一樣寫，例如：馬家堡東路與革新南路交叉口西北角，往北5米", "As you would tell a person, e.g. north-west corner of Majiabao East Rd and Gexin South Rd, 5 m north";
    FieldCommunity => "社区/小区（选填）", "社區/小區（選填）", "Community or compound (optional)";
    FieldBuilding => "楼号（选填）", "樓號（選填）", "Building (optional)";
    FieldUnit => "单元（选填）", "單元（選填）", "Unit (optional)";
    UseMyLocation => "使用我的位置", "使用我的位置", "Use my location";
    Locating => "正在定位…", "正在定位…", "Finding your location…";
    RemoveLocation => "不附位置", "不附位置", "Remove location";
    LocationDenied => "您没有允许定位。可以在浏览器设置里允许，或者只填写地址。", "您沒有允許定位。可以在瀏覽器設定裡允許，或者只填寫地址。", "Location permission was refused. Allow it in your browser settings, or just type the address.";
    LocationUnavailable => "暂时无法确定位置，请填写地址。", "暫時無法確定位置，請填寫地址。", "Your location is not available right now; please type the address.";
    LocationTimeout => "定位时间太长，请重试或填写地址。", "定位時間太長，請重試或填寫地址。", "Finding your location took too long; try again or type the address.";
    LocationUnsupported => "这个浏览器不能定位，请填写地址。", "這個瀏覽器不能定位，請填寫地址。", "This browser cannot share a location; please type the address.";
    FieldName => "联系人姓名", "聯繫人姓名", "Your name";
    FieldPhone => "手机号码", "手機號碼", "Mobile number";
    PhoneHint => "11 位手机号，工作人员会打电话联系您", "11 位手機號，工作人員會打電話聯繫您", "11-digit mobile number; staff will call you";
    FieldPrivate => "不公开这条诉求（只有街道工作人员能看到）", "不公開這條訴求（只有街道工作人員能看到）", "Keep this request private (only street office staff can see it)";
    Submit => "提交", "提交", "Send request";
    Submitting => "正在提交…", "正在提交…", "Sending…";
    DraftKept => "已填写的内容保存在本机，重新打开也不会丢。", "已填寫的內容保存在本機，重新打開也不會丟。", "What you typed is kept on this phone, even if you close the page.";

    SubmittedTitle => "提交成功", "提交成功", "Request sent";
    TrackingNumber => "查询编号", "查詢編號", "Tracking number";
    KeepNumber => "请记下这个编号，随时可以查询进度。", "請記下這個編號，隨時可以查詢進度。", "Keep this number to check progress at any time.";
    WhatNext => "接下来", "接下來", "What happens next";
    NextDispatch => "街道受理后，派给负责的部门。", "街道受理後，派給負責的部門。", "The street office sends it to the department responsible.";
    NextContact => "工作人员会打电话联系您，并上门处理。", "工作人員會打電話聯繫您，並上門處理。", "Staff will call you and deal with it on site.";
    NextRate => "办结后，请您评价：解决了吗？满意吗？", "辦結後，請您評價：解決了嗎？滿意嗎？", "When it is done, you will be asked: was it solved, and are you satisfied?";
    FollowThis => "查看办理进度", "查看辦理進度", "Follow this request";
    NewAnother => "再反映一个问题", "再反映一個問題", "Report another problem";

    MineTitle => "我的诉求", "我的訴求", "My requests";
    MineIntro => "从这部手机提交的诉求", "從這部手機提交的訴求", "Requests sent from this phone";
    MineEmpty => "这部手机还没有提交过诉求。", "這部手機還沒有提交過訴求。", "No requests have been sent from this phone yet.";
    ShowingSaved => "无法刷新，下面是本机保存的信息。", "無法刷新，下面是本機保存的信息。", "Could not refresh; showing what this phone saved.";

    DetailTitle => "诉求详情", "訴求詳情", "Request";
    LabelPlace => "地点", "地點", "Place";
    LabelDescription => "问题描述", "問題描述", "Description";
    LabelAgency => "承办单位", "承辦單位", "Handled by";
    LabelSent => "提交时间", "提交時間", "Sent";
    Private => "不公开", "不公開", "Private";
    Progress => "办理进度", "辦理進度", "Progress";

    SlaInTime => "已按时答复", "已按時答覆", "Answered on time";
    SlaLate => "答复晚于时限", "答覆晚於時限", "Answered after the time limit";

    StatusReceived => "已受理", "已受理", "Received";
    StatusDispatched => "已派单", "已派單", "Dispatched";
    StatusInProgress => "办理中", "辦理中", "In progress";
    StatusResolved => "已办结，请评价", "已辦結，請評價", "Resolved – please rate";
    StatusClosed => "已评价", "已評價", "Rated";
    StatusReopened => "重新办理", "重新辦理", "Reopened";
    StepReceived => "受理", "受理", "Received";
    StepDispatched => "派单", "派單", "Dispatched to a department";
    StepInProgress => "办理", "辦理", "In progress";
    StepResolved => "办结答复", "辦結答覆", "Resolved";
    StepReopened => "申请重办", "申請重辦", "Reopened";

    RateTitle => "请您评价", "請您評價", "Please rate";
    RateIntro => "办理结果已答复，请告诉我们问题是否解决。", "辦理結果已答覆，請告訴我們問題是否解決。", "The office has answered. Please tell us whether the problem was solved.";
    SolvedQuestion => "问题解决了吗？", "問題解決了嗎？", "Was the problem solved?";
    Solved => "已解决", "已解決", "Solved";
    NotSolved => "未解决", "未解決", "Not solved";
    SatisfactionQuestion => "您对办理满意吗？", "您對辦理滿意嗎？", "How satisfied are you?";
    Satisfied => "满意", "滿意", "Satisfied";
    BasicallySatisfied => "基本满意", "基本滿意", "Basically satisfied";
    Dissatisfied => "不满意", "不滿意", "Dissatisfied";
    Comment => "补充说明（选填）", "補充說明（選填）", "Comment (optional)";
    SendRating => "提交评价", "提交評價", "Send rating";
    SendingRating => "正在提交评价…", "正在提交評價…", "Sending rating…";
    YourRating => "您的评价", "您的評價", "Your rating";
    RatingOffline => "这个服务系统不能在线接收评价：您的回答会保存在这部手机上。", "這個服務系統不能在線接收評價：您的回答會保存在這部手機上。", "This service cannot receive ratings online: your answer will be kept on this phone.";
    RatingKeptHere => "这个服务系统不能在线评价，您的评价只保存在这部手机上，没有发送。如需反馈，请拨打 12345。", "這個服務系統不能在線評價，您的評價只保存在這部手機上，沒有發送。如需反饋，請撥打 12345。", "This service cannot take ratings online: your rating is kept on this phone only and was not sent. To give it, please call 12345.";
    ReopenTitle => "问题没有解决？", "問題沒有解決？", "Still not solved?";
    ReopenIntro => "可以申请重新办理，街道会再处理一次。", "可以申請重新辦理，街道會再處理一次。", "You can ask for it to be handled again.";
    ReopenReason => "哪里还没解决", "哪裡還沒解決", "What is still wrong";
    Reopen => "申请重新办理", "申請重新辦理", "Ask to handle it again";
    Reopening => "正在提交…", "正在提交…", "Sending…";

    LookupTitle => "查询进度", "查詢進度", "Track a request";
    LookupIntro => "输入提交成功时得到的查询编号。", "輸入提交成功時得到的查詢編號。", "Enter the tracking number you were given when you sent the request.";
    LookupHint => "例如 DS-20261128-0001", "例如 DS-20261128-0001", "e.g. DS-20261128-0001";
    LookupSubmit => "查询", "查詢", "Look up";

    ProblemRequired => "请填写这一项", "請填寫這一項", "Please fill this in";
    ProblemChoose => "请选择一项", "請選擇一項", "Please choose one";
    ProblemPhone => "请填 11 位手机号码，以 1 开头", "請填 11 位手機號碼，以 1 開頭", "Enter an 11-digit mobile number starting with 1";
    ProblemPhoneDigits => "请填手机号的最后 4 位数字，或者不填", "請填手機號的最後 4 位數字，或者不填", "Enter the last 4 digits of the phone number, or leave it empty";
    PhoneDigits => "手机号后 4 位（选填）", "手機號後 4 位（選填）", "Last 4 digits of the phone (optional)";
    PhoneDigitsHint => "提交时留的手机号。填了能看到全部内容（描述、地址）；不填只能看到办理进度。", "提交時留的手機號。填了能看到全部內容（描述、地址）；不填只能看到辦理進度。", "The phone given with the request. With it you see everything (description, address); without it, only the progress.";
    PublicView => "这是公开的办理进度，不含描述、地址和联系人。要看全部内容，请在“查询进度”里同时填手机号后 4 位。", "這是公開的辦理進度，不含描述、地址和聯絡人。要看全部內容，請在「查詢進度」裡同時填手機號後 4 位。", "This is the public progress, without the description, address or contact. To see everything, look it up with the last 4 digits of the phone too.";
    ProblemTrackingNumber => "编号只有字母、数字和短横线", "編號只有字母、數字和短橫線", "A tracking number has only letters, digits and dashes";
    ProblemNumber => "请填一个数字", "請填一個數字", "Enter a number";
    ProblemDatetime => "请选择日期和时间", "請選擇日期和時間", "Choose a date and time";
    ProblemChoice => "请从列出的选项中选择", "請從列出的選項中選擇", "Choose from the options listed";

    ErrNotFound => "没有找到这条诉求，请核对编号。", "沒有找到這條訴求，請核對編號。", "That request was not found; please check the number.";
    ErrUnreachable => "连接不上服务器。请检查网络后重试。", "連接不上服務器。請檢查網絡後重試。", "The server cannot be reached. Check your connection and try again.";
    ErrInterrupted => "连接中断了，服务器的回答没有收完。请重试。", "連接中斷了，服務器的回答沒有收完。請重試。", "The connection broke before the server's answer was complete. Please try again.";
    ErrNotJson => "服务器返回的是网页而不是数据，可能网络需要登录或服务器配置有误。请稍后重试。", "服務器返回的是網頁而不是數據，可能網絡需要登錄或服務器配置有誤。請稍後重試。", "The server sent a web page instead of data; the network may need a login, or the server is misconfigured. Please try again later.";
    ErrMalformedJson => "服务器的回答不完整或已损坏，请稍后重试。", "服務器的回答不完整或已損壞，請稍後重試。", "The server's answer was incomplete or damaged; please try again later.";
    ErrShape => "服务器的回答格式不对，请稍后重试或联系街道。", "服務器的回答格式不對，請稍後重試或聯繫街道。", "The server's answer was not in the expected form; try again later or contact the street office.";
    ErrUnsupportedRate => "这个服务系统不能在线评价。您的评价已保存在本机。", "這個服務系統不能在線評價。您的評價已保存在本機。", "This service cannot take ratings online. Your rating is kept on this phone.";
    ErrUnsupportedReopen => "这个服务系统不能在线申请重办。您的说明已保存在本机，请拨打 12345。", "這個服務系統不能在線申請重辦。您的說明已保存在本機，請撥打 12345。", "This service cannot reopen requests online. Your reason is kept on this phone; please call 12345.";
    ErrNotNow => "这条诉求的状态已经变了，请刷新后再试。", "這條訴求的狀態已經變了，請刷新後再試。", "This request has changed; please refresh and try again.";
    YourWordsKept => "您填写的内容还在，可以直接重试。", "您填寫的內容還在，可以直接重試。", "What you typed is still here; you can simply try again.";
    ErrStorageUnavailable => "这部手机不允许本网页保存数据（可能是无痕模式或关闭了存储）。", "這部手機不允許本網頁保存數據（可能是無痕模式或關閉了存儲）。", "This phone does not let this page store anything (private browsing, or storage switched off).";
    ErrStorageFull => "这部手机的存储空间已满，数据没有保存。", "這部手機的存儲空間已滿，數據沒有保存。", "This phone's storage is full; nothing was saved.";
    ErrStorageUnreadable => "本机保存的数据读不出来，已经另存备份。", "本機保存的數據讀不出來，已經另存備份。", "Data saved on this phone could not be read; it was set aside, not deleted.";
    ErrPending => "已经送达，正在等待街道系统给出编号。", "已經送達，正在等待街道系統給出編號。", "It has arrived; the office's system has still to give it a number.";
    ErrTooLarge => "服务器的回答太大，已停止读取。请稍后重试或联系街道。", "服務器的回答太大，已停止讀取。請稍後重試或聯繫街道。", "The server's answer was too large to read; try again later or contact the street office.";
    DraftNotKept => "注意：这部手机现在不能保存您填写的内容。请在关闭页面前提交。", "注意：這部手機現在不能保存您填寫的內容。請在關閉頁面前提交。", "Note: this phone cannot keep what you type right now. Send it before you close the page.";
    PrivateNotPossible => "这个服务系统会公开问题类别、描述、地址、位置、照片和进度，任何人都能看到；姓名和电话不公开。请不要在描述里写不想公开的信息。", "這個服務系統會公開問題類別、描述、地址、位置、照片和進度，任何人都能看到；姓名和電話不公開。請不要在描述裡寫不想公開的信息。", "This service publishes the kind of problem, the description, address, position, photos and progress for anyone to see; not your name or phone. Do not put anything private in the description.";
    QuestionsNotLoaded => "这个类别的补充问题还没有加载，请点“重试”，加载后再提交。", "這個類別的補充問題還沒有加載，請點“重試”，加載後再提交。", "This category's extra questions have not loaded; press Try again, then send.";
    OfficeNotice => "街道说明", "街道說明", "Note from the office";
    Discard => "清空", "清空", "Discard";
    ConfigRetry => "重新加载", "重新加載", "Reload";
    Version => "版本", "版本", "Version";
    DemoOffice => "演示模式：这是练习用的街道，诉求不会发给真实的街道办。", "演示模式：這是練習用的街道，訴求不會發給真實的街道辦。", "Demo: a practice office. Nothing is sent to a real street office.";
    NoServiceWorker => "这个浏览器不能离线保存本应用：诉求只在本页打开时发送。", "這個瀏覽器不能離線保存本應用：訴求只在本頁打開時發送。", "This browser cannot keep the app for offline use: requests are sent only while this page is open.";
    NotAvailableNow => "暂时不可用（网络不好）。", "暫時不可用（網絡不好）。", "Not available right now (weak network).";
    AlreadySent => "这条诉求已经发出过了，可以在“我的诉求”里查看。", "這條訴求已經發出過了，可以在“我的訴求”裡查看。", "This request was already sent; see it in My requests.";
    AppNotLoaded => "应用没有加载完：网络不好，缺了一部分。请检查网络后重试。", "應用沒有加載完：網絡不好，缺了一部分。請檢查網絡後重試。", "The app did not finish loading: part of it did not arrive over a weak network. Check the connection and try again.";
    PartNotLoaded => "这一部分没有加载出来，请检查网络后重试。", "這一部分沒有加載出來，請檢查網絡後重試。", "This part of the app did not load. Check the connection and try again.";
    OutboxPageOnly => "这部手机只能在打开本应用时发送它：下次联网打开本应用时会自动发送。", "這部手機只能在打開本應用時發送它：下次聯網打開本應用時會自動發送。", "This phone can only send it while the app is open: it goes by itself the next time you open the app online.";
    OutboxTitle => "等待发送", "等待發送", "Waiting to send";
    OutboxKept => "这条诉求已保存在本机，会自动发送，您可以关闭页面。", "這條訴求已保存在本機，會自動發送，您可以關閉頁面。", "This request is kept on this phone and will be sent by itself; you can close the page.";
    OutboxOffline => "现在没有网络，联网后会自动发送。", "現在沒有網絡，聯網後會自動發送。", "There is no network now; it will be sent by itself when the phone is back online.";
    OutboxNotKept => "这部手机不能保存待发送的诉求：请保持页面打开，直到发送成功。", "這部手機不能保存待發送的訴求：請保持頁面打開，直到發送成功。", "This phone cannot keep requests waiting to send: keep this page open until it has been sent.";
    OutboxRefused => "街道系统没有接受这条诉求，请按提示修改后再提交。", "街道系統沒有接受這條訴求，請按提示修改後再提交。", "The office's system did not accept this request; please change it as it says and send it again.";
    SendNow => "现在发送", "現在發送", "Send now";
    Change => "修改", "修改", "Change";
    Withdraw => "撤回", "撤回", "Withdraw";
    Offline => "您现在没有联网。写好的诉求会保存在本机，联网后自动发送。", "您現在沒有聯網。寫好的訴求會保存在本機，聯網後自動發送。", "You are offline. Requests you write are kept on this phone and sent when you are back online.";
    NewVersion => "新版本已准备好。", "新版本已準備好。", "A new version is ready.";
    DraftRestored => "已恢复您上次没写完的内容。", "已恢復您上次沒寫完的內容。", "What you were writing last time has been kept.";
    ListSeparator => "、", "、", ", ";
    MaybeOutOfDate => "（可能不是最新状态）", "（可能不是最新狀態）", " (may be out of date)";
    ChangedNewStep => "新的办理记录", "新的辦理記錄", "a new step";
    ChangedNote => "街道有新的答复", "街道有新的答覆", "a new note from the office";
    ChangedPhoto => "街道上传了处理后的照片", "街道上傳了處理後的照片", "an “after” photo from the office";
    ChangedDueSoon => "一天内应答复", "一天內應答覆", "feedback due within a day";
    ChangedOverdue => "已超过答复期限", "已超過答覆期限", "feedback overdue";
    ChangeSeparator => "；", "；", "; ";
    NewStep => "新", "新", "New";
    NotifyTitle => "有进展时通知我", "有進展時通知我", "Be told when it changes";
    NotifyWhat => "通知只说问题类别和新的进展，不含姓名、电话和地址；晚上22点到早上7点不打扰（街道标为紧急的除外）。", "通知只說問題類別和新的進展，不含姓名、電話和地址；晚上22點到早上7點不打擾（街道標為緊急的除外）。", "A notification says only the kind of problem and its new step, never a name, phone number or address, and none come between 22:00 and 07:00 unless the office marks it urgent.";
    NotifyTurnOff => "随时可以在“设置”里关闭。", "隨時可以在「設定」裡關閉。", "You can turn it off in Settings at any time.";
    NotifySwitch => "我的诉求有进展时通知我", "我的訴求有進展時通知我", "Tell me when my requests change";
    NotifyPushed => "已开启：街道的办理有进展时会立即通知您，即使没有打开本应用。", "已開啟：街道的辦理有進展時會立即通知您，即使沒有打開本應用。", "On: the office tells this phone as soon as a request changes, even when the app is closed.";
    NotifyPushFailed => "这个浏览器没能登记接收街道发来的即时通知。", "這個瀏覽器沒能登記接收街道發來的即時通知。", "This browser could not sign up for the office’s messages. ";
    NotifyBackground => "已开启：即使没有打开本应用，有进展时也会通知您。", "已開啟：即使沒有打開本應用，有進展時也會通知您。", "On: you will be told even when the app is closed.";
    NotifyWhenOpened => "已开启，但这个浏览器不会在后台替本网站查看进展（安卓手机可把本应用添加到主屏幕）。打开本应用时，“我的诉求”会标出新进展。", "已開啟，但這個瀏覽器不會在後台替本網站查看進展（安卓手機可把本應用加到主畫面）。打開本應用時，「我的訴求」會標出新進展。", "On, but this browser does not check this site in the background (on Android, add the app to your home screen). “My requests” marks what changed when you open the app.";
    NotifyBlocked => "浏览器不允许本网站发通知。可在浏览器的网站设置里允许；在那之前，打开本应用时“我的诉求”会标出新进展。", "瀏覽器不允許本網站發通知。可在瀏覽器的網站設定裡允許；在那之前，打開本應用時「我的訴求」會標出新進展。", "This browser does not allow this site to notify you. You can allow it in the browser’s site settings; until then, “My requests” marks what changed when you open the app.";
    NotifyUnsupported => "这个浏览器不能显示通知。打开本应用时，“我的诉求”会标出新进展。", "這個瀏覽器不能顯示通知。打開本應用時，「我的訴求」會標出新進展。", "This browser cannot show notifications. “My requests” marks what changed when you open the app.";
    NotifyOff => "已关闭：不会发通知。", "已關閉：不會發通知。", "Off: no notifications.";
    StopFollowing => "不再关注这条诉求", "不再關注這條訴求", "Stop following this request";
    FollowAgain => "重新关注这条诉求", "重新關注這條訴求", "Follow this request again";
    NotFollowed => "已不再关注：不会再查看这条诉求的进展，也不会通知您。", "已不再關注：不會再查看這條訴求的進展，也不會通知您。", "Not followed: this phone no longer checks it or tells you when it changes.";
    NotifyBody => "点按查看进展", "點按查看進展", "Tap to see what changed";
    PhotosTitle => "照片（选填）", "照片（選填）", "Photos (optional)";
    TakePhoto => "拍照", "拍照", "Take a photo";
    ChoosePhotos => "从相册选择", "從相冊選擇", "Choose from gallery";
    PhotosClosed => "这个服务系统不收照片，请用文字把问题写清楚。", "這個服務系統不收照片，請用文字把問題寫清楚。", "This office does not take photos; please describe the problem in words.";
    PhotoPreparing => "正在处理照片…", "正在處理照片…", "Preparing the photo…";
    PhotoNotImage => "这不是照片文件。请选择 JPEG、PNG 或 WebP 格式的照片。", "這不是照片文件。請選擇 JPEG、PNG 或 WebP 格式的照片。", "This is not a photo. Choose a JPEG, PNG or WebP picture.";
    PhotoUnreadable => "这张照片打不开，文件可能已经损坏。请重拍一张。", "這張照片打不開，文件可能已經損壞。請重拍一張。", "This photo cannot be opened; the file may be damaged. Please take it again.";
    PhotoHeic => "这个浏览器打不开 HEIC 格式的照片。请在相机设置里选择“兼容性最佳”，或截屏后选择截图。", "這個瀏覽器打不開 HEIC 格式的照片。請在相機設定裡選擇“兼容性最佳”，或截屏後選擇截圖。", "This browser cannot open HEIC photos. Set the camera to “Most compatible”, or take a screenshot of the photo and choose that.";
    PhotoTooManyPixels => "这张图片超过5000万像素，手机处理不了。请选一张普通照片。", "這張圖片超過5000萬像素，手機處理不了。請選一張普通照片。", "This picture has more than 50 megapixels, too many for a phone to handle. Choose an ordinary photo.";
    PhotoTooSlow => "这张照片处理得太久，没有加上。请换一张，或稍后再试。", "這張照片處理得太久，沒有加上。請換一張，或稍後再試。", "This photo took too long to prepare and was not added. Choose another, or try again later.";
    PhotoFailed => "没能处理这张照片，没有加上。请再选一次。", "沒能處理這張照片，沒有加上。請再選一次。", "This photo could not be prepared and was not added. Choose it again.";
    PhotoStillTooLarge => "这张照片压缩后仍然太大，请换一张。", "這張照片壓縮後仍然太大，請換一張。", "Even made smaller, this photo is too large; please choose another.";
    PhotoNotKept => "这张照片没能保存在手机上（存储已满或不可用）。", "這張照片沒能保存在手機上（存儲已滿或不可用）。", "This photo could not be kept on this phone (storage full or unavailable).";
    PhotoHasPlace => "这张照片记录了拍摄地点。", "這張照片記錄了拍攝地點。", "This photo knows where it was taken.";
    UsePhotoPlace => "用照片的拍摄地点", "用照片的拍攝地點", "Use the photo's location";
    PhotoUploaded => "已上传", "已上傳", "Uploaded";
    Cancelled => "已停止", "已停止", "Stopped";
    AddPhotosTitle => "补充照片", "補充照片", "Add photos";
    AddPhotosIntro => "问题还没解决、或者情况有了变化，可以给这条诉求补充照片。", "問題還沒解決、或者情況有了變化，可以給這條訴求補充照片。", "While this request is open, you can send more photos — if things have changed, say.";
    SendPhotos => "发送照片", "發送照片", "Send photos";
    SendingPhotos => "正在发送照片…", "正在發送照片…", "Sending photos…";
    PhotosSent => "照片已发送给街道。", "照片已發送給街道。", "The photos have been sent to the office.";
    PhotoWaiting => "等待上传", "等待上傳", "Waiting to upload";
    PhotosByResident => "您的照片", "您的照片", "Your photos";
    PhotosByOffice => "街道处理后的照片", "街道處理後的照片", "The office's photos (after)";
    ErrUnsupportedPhotos => "这个服务系统不收照片。诉求会不带照片发送。", "這個服務系統不收照片。訴求會不帶照片發送。", "This office does not take photos. The request will be sent without them.";
    FinishDraftFirst => "请先提交或清空正在填写的诉求，再修改这一条。", "請先提交或清空正在填寫的訴求，再修改這一條。", "Send or discard the request you are writing first, then change this one.";
    NavSettings => "设置", "設定", "Settings";
    ElderMode => "长辈版", "長輩版", "Elder mode";
    Continue => "继续", "繼續", "Continue";
    Back => "上一步", "上一步", "Back";
    CheckAnswers => "请检查您填写的内容", "請檢查您填寫的內容", "Check your answers";
    NotGiven => "（没有填写）", "（沒有填寫）", "(not given)";
    ElderModeSwitch => "长辈版：字更大，按钮更大", "長輩版：字更大，按鈕更大", "Elder mode: larger text and buttons";
    ReadAloud => "朗读", "朗讀", "Read aloud";
    StopReading => "停止朗读", "停止朗讀", "Stop reading";
    Speak => "语音输入", "語音輸入", "Speak";
    Listening => "正在听，请说话…", "正在聽，請說話…", "Listening… speak now";
    UseHeard => "填入", "填入", "Use this";
    VoiceUnsupported => "这个浏览器不能语音输入。可以用手机输入法上的话筒按钮说话。", "這個瀏覽器不能語音輸入。可以用手機輸入法上的話筒按鈕說話。", "This browser cannot take speech. Your keyboard's microphone button can.";
    VoiceFailed => "没有听清，请再说一次。", "沒有聽清，請再說一次。", "That was not heard clearly; please try again.";
    VoiceNotAllowed => "没有得到使用话筒的许可。可以在浏览器设置里允许。", "沒有得到使用話筒的許可。可以在瀏覽器設定裡允許。", "The microphone was not allowed. You can allow it in the browser's settings.";
    ErrorSummary => "有问题需要处理", "有問題需要處理", "There is a problem";
    ErrorTitlePrefix => "错误：", "錯誤：", "Error: ";
    SettingsTitle => "设置", "設定", "Settings";
    VolunteerSection => "替邻居反映", "替鄰居反映", "Filing for neighbours";
    VolunteerSwitch => "我替邻居反映问题（志愿者、楼栋长）", "我替鄰居反映問題（志願者、樓棟長）", "I file requests for neighbours (volunteer or building leader)";
    VolunteerIntro => "打开后，新诉求会先问替谁反映，并要确认对方同意。诉求里会写明由您（姓名和队伍）代为反映；您的手机号只交给街道，不会公开。", "打開後，新訴求會先問替誰反映，並要確認對方同意。訴求裡會寫明由您（姓名和隊伍）代為反映；您的手機號只交給街道，不會公開。", "When this is on, a new request first asks who it is for and that they agreed. It says it was filed by you (your name and team); your number goes only to the office and is never shown publicly.";
    VolunteerName => "您的姓名", "您的姓名", "Your name";
    VolunteerPhone => "您的手机号", "您的手機號", "Your mobile number";
    VolunteerTeam => "所在队伍或社区（选填）", "所在隊伍或社區（選填）", "Team or community (optional)";
    SaveVolunteer => "保存", "保存", "Save";
    VolunteerSaved => "已保存。", "已保存。", "Saved.";
    VolunteerOff => "已关闭替邻居反映。", "已關閉替鄰居反映。", "Filing for neighbours is off.";
    EraseSection => "清除本机数据", "清除本機數據", "Erase data on this phone";
    EraseIntro => "清除草稿、等待发送的诉求、我的诉求、邻居信息、设置和离线副本。街道已经收到的诉求不受影响。", "清除草稿、等待發送的訴求、我的訴求、鄰居信息、設定和離線副本。街道已經收到的訴求不受影響。", "Removes drafts, requests waiting to be sent, my requests, neighbours, settings and offline copies from this phone. Requests the office already has are not affected.";
    EraseButton => "清除本机上的全部数据", "清除本機上的全部數據", "Erase everything from this phone";
    EraseSure => "清除后无法恢复。确定吗？", "清除後無法恢復。確定嗎？", "This cannot be undone. Are you sure?";
    EraseConfirm => "确定清除", "確定清除", "Yes, erase everything";
    EraseCancel => "取消", "取消", "Cancel";
    SendFirst => "先发送", "先發送", "Send them first";
    Erased => "本机上的数据已全部清除。", "本機上的數據已全部清除。", "Everything has been erased from this phone.";
    SectionWho => "替谁反映", "替誰反映", "Who is it for";
    SectionPrivacy => "公开范围", "公開範圍", "Who may see it";
    NeighbourName => "邻居姓名", "鄰居姓名", "Neighbour's name";
    NeighbourPhone => "邻居手机号（选填）", "鄰居手機號（選填）", "Neighbour's mobile (optional)";
    NeighbourPhoneHint => "邻居没有手机就不填，街道会联系您。", "鄰居沒有手機就不填，街道會聯繫您。", "Leave it empty if they have none: the office will contact you.";
    PickNeighbour => "以前帮过的邻居", "以前幫過的鄰居", "Someone you helped before";
    PickNeighbourNew => "新的邻居", "新的鄰居", "Someone new";
    PickedNeighbourPhone => "为保护隐私，本机不保存邻居的完整手机号，请重新填写或留空。", "為保護隱私，本機不保存鄰居的完整手機號，請重新填寫或留空。", "This phone does not keep neighbours' full numbers: type it again, or leave it empty.";
    ConsentWords => "邻居本人已同意由我代为反映这件事，并同意街道联系他们。", "鄰居本人已同意由我代為反映這件事，並同意街道聯繫他們。", "My neighbour agreed that I file this for them and that the office may contact them.";
    VolunteerProfileNeeded => "替邻居反映前，请先在设置里填写您自己的姓名和手机号。", "替鄰居反映前，請先在設定裡填寫您自己的姓名和手機號。", "Before filing for a neighbour, enter your own name and mobile number in Settings.";
    ProblemConsent => "请确认邻居已经同意", "請確認鄰居已經同意", "Please confirm your neighbour agreed";
    HandoverTitle => "交给邻居的回执", "交給鄰居的回執", "Hand-over card";
    HandoverNumber => "诉求编号", "訴求編號", "Tracking number";
    HandoverNext => "接下来：街道会电话联系，处理进度和结果都可以扫下面的二维码查看。", "接下來：街道會電話聯繫，處理進度和結果都可以掃下面的二維碼查看。", "What happens next: the office will phone; scan the code below to follow the request and read the answer.";
    HandoverQrWhole => "这个二维码能打开诉求的全部内容（姓名、电话、地址），请只交给本人或家属。", "這個二維碼能打開訴求的全部內容（姓名、電話、地址），請只交給本人或家屬。", "This code opens the whole request (name, phone, address): give it only to them or their family.";
    HandoverQr => "用任何手机扫码查看进度", "用任何手機掃碼查看進度", "Scan with any phone to follow this request";
    Print => "打印回执", "打印回執", "Print the card";
    NavPeople => "我帮的人", "我幫的人", "People I help";
    PeopleTitle => "我帮助的邻居", "我幫助的鄰居", "People I help";
    PeopleEmpty => "还没有替邻居反映过诉求。", "還沒有替鄰居反映過訴求。", "You have not filed a request for a neighbour yet.";
    Forget => "忘记这位邻居", "忘記這位鄰居", "Forget this neighbour";
    ForgetConfirm => "确定删除", "確定刪除", "Yes, remove";
    ConsentLabel => "本人同意", "本人同意", "Consent";
}

messages! {
    AutoRefresh { n } => ["页面打开时每 ", n, " 秒自动刷新"], ["頁面打開時每 ", n, " 秒自動刷新"], ["Refreshes every ", n, " s while this page is open"];
    CharCount { n, max } => ["已写 ", n, " / ", max, " 字"], ["已寫 ", n, " / ", max, " 字"], [n, " / ", max, " characters"];
    LocationAdded { lat, long } => ["已附上位置（", lat, ", ", long, "）"], ["已附上位置（", lat, ", ", long, "）"], ["Location attached (", lat, ", ", long, ")"];
    LocationAccuracy { m } => ["误差约 ±", m, " 米"], ["誤差約 ±", m, " 米"], ["accurate to ±", m, " m"];
    PhotosHint { max } => ["最多 ", max, " 张。发送前会在手机上压缩，并去掉位置、相机、时间等隐藏信息。"], ["最多 ", max, " 張。發送前會在手機上壓縮，並去掉位置、相機、時間等隱藏信息。"], ["Up to ", max, ". Each is made smaller on this phone and stripped of hidden location, camera and time data before it is sent."];
    PhotoAlt { n } => ["照片 ", n], ["照片 ", n], ["Photo ", n];
    OfficePhotoAlt { n } => ["街道拍的照片 ", n], ["街道拍的照片 ", n], ["Office photo ", n];
    PhotoSize { w, h, kb } => [w, "×", h, "，", kb, " KB"], [w, "×", h, "，", kb, " KB"], [w, "×", h, ", ", kb, " KB"];
    MovePhotoEarlier { n } => ["照片 ", n, " 前移"], ["照片 ", n, " 前移"], ["Move photo ", n, " earlier"];
    MovePhotoLater { n } => ["照片 ", n, " 后移"], ["照片 ", n, " 後移"], ["Move photo ", n, " later"];
    RemovePhoto { n } => ["删除照片 ", n], ["刪除照片 ", n], ["Remove photo ", n];
    PhotoProblem { name, why } => ["“", name, "”：", why], ["“", name, "”：", why], ["“", name, "”: ", why];
    PhotoFileTooLarge { mb } => ["文件太大（超过 ", mb, " MB），不像是手机拍的照片。"], ["文件太大（超過 ", mb, " MB），不像是手機拍的照片。"], ["This file is too large (over ", mb, " MB) to be a phone photo."];
    PhotoTooMany { max } => ["最多只能附 ", max, " 张照片。"], ["最多隻能附 ", max, " 張照片。"], ["At most ", max, " photos can be attached."];
    PhotoUploading { n, total } => ["正在上传照片 ", n, "/", total], ["正在上傳照片 ", n, "/", total], ["Uploading photo ", n, " of ", total];
    PhotoStatus { n, state } => ["照片 ", n, "：", state], ["照片 ", n, "：", state], ["Photo ", n, ": ", state];
    CancelPhoto { n } => ["不发送照片 ", n], ["不發送照片 ", n], ["Don't send photo ", n];
    FeedbackBy { time } => ["最晚 ", time, " 前给您答复"], ["最晚 ", time, " 前給您答覆"], ["You will hear back by ", time];
    UpdatedAt { time } => ["更新于 ", time], ["更新於 ", time], ["Updated ", time];
    NotFound { id } => ["没有找到编号为 ", id, " 的诉求，请核对编号。"], ["沒有找到編號為 ", id, " 的訴求，請核對編號。"], ["No request with tracking number ", id, "; please check the number."];
    SlaDueBy { time } => ["应在 ", time, " 前答复"], ["應在 ", time, " 前答覆"], ["Feedback due by ", time];
    SlaOverdue { dur, time } => ["已超时 ", dur, "（应在 ", time, " 前答复）"], ["已超時 ", dur, "（應在 ", time, " 前答覆）"], ["Overdue by ", dur, " (was due by ", time, ")"];
    Minutes { n } => [n, " 分钟"], [n, " 分鐘"], [n, " min"];
    Hours { n } => [n, " 小时"], [n, " 小時"], [n, " h"];
    Days { n } => [n, " 天"], [n, " 天"], [n, " days"];
    StepRated { solved, satisfaction } => ["评价：", solved, "，", satisfaction], ["評價：", solved, "，", satisfaction], ["Rated: ", solved, ", ", satisfaction];
    RatingSummary { solved, satisfaction } => [solved, "，", satisfaction], [solved, "，", satisfaction], [solved, ", ", satisfaction];
    ProblemTooShort { min } => ["至少写 ", min, " 个字"], ["至少寫 ", min, " 個字"], ["Write at least ", min, " characters"];
    ProblemTooLong { max } => ["最多 ", max, " 个字，请删减一些"], ["最多 ", max, " 個字，請刪減一些"], ["At most ", max, " characters; please shorten it"];
    ErrTimeout { n } => ["服务器 ", n, " 秒内没有回应，请稍后重试。"], ["服務器 ", n, " 秒內沒有回應，請稍後重試。"], ["The server did not answer within ", n, " seconds; please try again later."];
    ErrRejected { message } => ["服务器不接受这次提交：", message], ["服務器不接受這次提交：", message], ["The server did not accept this: ", message];
    ErrRejectedNoMessage { status } => ["服务器不接受这次提交（代码 ", status, "）。"], ["服務器不接受這次提交（代碼 ", status, "）。"], ["The server did not accept this (code ", status, ")."];
    ErrServer { status } => ["服务器出错了（代码 ", status, "），请稍后重试。"], ["服務器出錯了（代碼 ", status, "），請稍後重試。"], ["The server had a problem (code ", status, "); please try again later."];
    ErrBusy { status } => ["服务器现在太忙（代码 ", status, "），稍后会再试。"], ["服務器現在太忙（代碼 ", status, "），稍後會再試。"], ["The server is too busy just now (code ", status, "); it will be tried again."];
    ShowMore { n, left } => ["再显示 ", n, " 条（还有 ", left, " 条）"], ["再顯示 ", n, " 條（還有 ", left, " 條）"], ["Show ", n, " more (", left, " left)"];
    WaitingToSend { n } => ["等待发送：", n, " 条"], ["等待發送：", n, " 條"], ["Waiting to send: ", n];
    NextTryIn { n } => [n, " 秒后自动重试。"], [n, " 秒後自動重試。"], ["It will try again by itself in ", n, " s."];
    NextTry { time } => ["将在 ", time, " 自动重试。"], ["將在 ", time, " 自動重試。"], ["It will try again by itself at ", time, "."];
    CheckedAt { time } => ["查询于 ", time], ["查詢於 ", time], ["Checked ", time];
    Copies { ids } => ["街道收到了两份同样的诉求，编号 ", ids, "。工作人员来电时请告诉他们，以便合并。"], ["街道收到了兩份同樣的訴求，編號 ", ids, "。工作人員來電時請告訴他們，以便合併。"], ["The office received this request twice, as numbers ", ids, ". Tell the staff when they call, so they can merge them."];
    AlreadyFiled { id } => ["这条诉求已经送达街道，编号 ", id, "，不能再修改或撤回。"], ["這條訴求已經送達街道，編號 ", id, "，不能再修改或撤回。"], ["This request had already reached the office, as number ", id, "; it can no longer be changed or withdrawn."];
EraseUnsent { n } => ["还有 ", n, " 条诉求没有发送出去，清除后就会丢失。"], ["還有 ", n, " 條訴求沒有發送出去，清除後就會丟失。"], [n, " requests have not been sent yet and would be lost."];
    FiledByYou { name } => ["以志愿者“", name, "”的身份代为反映。"], ["以志願者“", name, "”的身份代為反映。"], ["Filed by you, ", name, ", as a volunteer."];
    FiledByLine { who } => ["【代办】由", who, "代为反映，本人已同意。"], ["【代辦】由", who, "代為反映，本人已同意。"], ["[Filed for the requester by ", who, ", with their consent.]"];
    FiledBy { name } => ["由志愿者 ", name, " 代为反映"], ["由志願者 ", name, " 代為反映"], ["Filed by volunteer ", name];
    StepOf { n, total } => ["第 ", n, " 步，共 ", total, " 步"], ["第 ", n, " 步，共 ", total, " 步"], ["Step ", n, " of ", total];
    ChangeWhat { what } => ["修改“", what, "”"], ["修改「", what, "」"], ["Change ", what];
    Heard { text } => ["听到的是：“", text, "”"], ["聽到的是：「", text, "」"], ["I heard: “", text, "”"];
    HandoverFor { name } => ["为 ", name, " 反映"], ["為 ", name, " 反映"], ["For ", name];
    ForgetSure { name } => ["从本机删除", name, "的信息和诉求记录？"], ["從本機刪除", name, "的信息和訴求記錄？"], ["Remove ", name, "'s details and requests from this phone?"];
    Forgotten { name } => ["已从本机删除", name, "的信息。"], ["已從本機刪除", name, "的信息。"], [name, "'s details were removed from this phone."];
    Retention { n } => ["邻居的诉求全部办结 ", n, " 天后，本机会自动删除其信息。"], ["鄰居的訴求全部辦結 ", n, " 天后，本機會自動刪除其信息。"], ["A neighbour's details are removed from this phone ", n, " days after their last request is closed."];
    NeighbourRequests { n } => [n, " 条诉求"], [n, " 條訴求"], ["Requests: ", n];
    Changed { what } => ["有新进展：", what], ["有新進展：", what], ["Updated: ", what];
    ChangedSinceLooked { what } => ["自您上次查看以来有新进展：", what], ["自您上次查看以來有新進展：", what], ["Since you last looked: ", what];
    ChangedCount { n } => ["有 ", n, " 条诉求有新进展"], ["有 ", n, " 條訴求有新進展"], ["Requests with news: ", n];
    SomeUnreadable { n } => ["有 ", n, " 条诉求从服务器读不出来，下面显示本机保存的内容。"], ["有 ", n, " 條訴求從服務器讀不出來，下面顯示本機保存的內容。"], [n, " of your requests could not be read from the server; they show what this phone saved."];
}
