//! The built-in catalogue: standard categories, their departments, and the demo office's notes.

use super::Lang;
use crate::model::{NoteKind, Phrase, StandardCategory as C};

/// (name, hint, agency, resolved note) per category, in Simplified Chinese.
#[cfg(any(not(target_arch = "wasm32"), doorstep_unsplit))]
fn zh(c: C) -> [&'static str; 4] {
    match c {
        C::PropertyManagement => ["物业管理", "物业不作为、收费、公共区域维护", "社区物业服务中心", "已约谈物业公司，公共区域问题已整改，物业承诺定期巡查。"],
        C::OldBuildingRepair => ["老旧小区维修", "屋顶或露台渗水、单元门锁坏、楼道设施损坏", "街道城市管理办公室", "维修队已完成屋面防水修补和单元门锁更换。"],
        C::SewerAndWaterLeak => ["下水道堵塞和漏水", "下水道堵、水管破裂或漏水", "区排水集团", "已疏通下水管道并更换破损管段，排水恢复正常。"],
        C::Heating => ["供暖", "家里不热、停暖、暖气漏水", "区供热公司", "已排查供热管线并修复故障，室温已恢复达标。"],
        C::PublicLighting => ["公共照明", "楼道灯、路灯不亮", "街道市政设施管理所", "已更换楼道灯具，经测试照明正常。"],
        C::ParkingAndEbikes => ["停车和电动车", "乱停车、电动车棚、充电问题", "街道平安建设办公室", "已清理违停车辆，新增电动车充电桩并规范停放。"],
        C::RubbishAndEnvironment => ["垃圾和环境", "垃圾堆积、店外堆物、卫生问题", "街道环境卫生所", "积存垃圾已清运，已督促商户清理店外堆物。"],
        C::IllegalConstruction => ["违法建设", "违建、开墙打洞", "街道综合执法队", "执法队已现场核查并下达整改通知，违建已拆除。"],
        C::FacadeAndSafetyHazard => ["外立面和安全隐患", "外墙脱落、高空坠物等危险情况", "街道应急管理科", "已设置警戒区并清除松动墙皮，隐患已消除。"],
        C::Noise => ["噪声扰民", "施工、商铺、夜间噪声", "街道综合执法队", "已责令施工方夜间停工，并安排回访检查。"],
        C::Other => ["其他", "不属于以上类别的问题、咨询和建议", "街道接诉即办中心", "已联系相关部门处理完毕，并电话告知办理结果。"],
    }
}

/// (name, hint, agency, resolved note) per category, in Traditional Chinese.
#[cfg(any(not(target_arch = "wasm32"), doorstep_unsplit))]
fn zh_hant(c: C) -> [&'static str; 4] {
    match c {
        C::PropertyManagement => ["物業管理", "物業不作為、收費、公共區域維護", "社區物業服務中心", "已約談物業公司，公共區域問題已整改，物業承諾定期巡查。"],
        C::OldBuildingRepair => ["老舊小區維修", "屋頂或露臺滲水、單元門鎖壞、樓道設施損壞", "街道城市管理辦公室", "維修隊已完成屋面防水修補和單元門鎖更換。"],
        C::SewerAndWaterLeak => ["下水道堵塞和漏水", "下水道堵、水管破裂或漏水", "區排水集團", "已疏通下水管道並更換破損管段，排水恢復正常。"],
        C::Heating => ["供暖", "家裡不熱、停暖、暖氣漏水", "區供熱公司", "已排查供熱管線並修復故障，室溫已恢復達標。"],
        C::PublicLighting => ["公共照明", "樓道燈、路燈不亮", "街道市政設施管理所", "已更換樓道燈具，經測試照明正常。"],
        C::ParkingAndEbikes => ["停車和電動車", "亂停車、電動車棚、充電問題", "街道平安建設辦公室", "已清理違停車輛，新增電動車充電樁並規範停放。"],
        C::RubbishAndEnvironment => ["垃圾和環境", "垃圾堆積、店外堆物、衛生問題", "街道環境衛生所", "積存垃圾已清運，已督促商戶清理店外堆物。"],
        C::IllegalConstruction => ["違法建設", "違建、開牆打洞", "街道綜合執法隊", "執法隊已現場核查並下達整改通知，違建已拆除。"],
        C::FacadeAndSafetyHazard => ["外立面和安全隱患", "外牆脫落、高空墜物等危險情況", "街道應急管理科", "已設定警戒區並清除鬆動牆皮，隱患已消除。"],
        C::Noise => ["噪聲擾民", "施工、商鋪、夜間噪聲", "街道綜合執法隊", "已責令施工方夜間停工，並安排回訪檢查。"],
        C::Other => ["其他", "不屬於以上類別的問題、諮詢和建議", "街道接訴即辦中心", "已聯繫相關部門處理完畢，並電話告知辦理結果。"],
    }
}

#[cfg(any(not(target_arch = "wasm32"), doorstep_unsplit))]
fn en(c: C) -> [&'static str; 4] {
    match c {
        C::PropertyManagement => ["Property management", "Unresponsive management company, fees, shared areas", "Community property service centre", "The management company was called in; the shared areas were put right and will be inspected regularly."],
        C::OldBuildingRepair => ["Old building repairs", "Leaking roof or terrace, broken door lock, damaged stairwell", "Street urban management office", "The repair team sealed the roof and replaced the unit door lock."],
        C::SewerAndWaterLeak => ["Blocked sewer or water leak", "Blocked drains, burst or leaking pipes", "District drainage company", "The sewer was cleared and the broken pipe section replaced; drainage is normal."],
        C::Heating => ["Heating", "Cold home, heating outage, leaking radiator", "District heating company", "The heating main was checked and repaired; room temperature is back to standard."],
        C::PublicLighting => ["Public lighting", "Stairwell lights or street lights out", "Street public facilities office", "The stairwell lights were replaced and tested."],
        C::ParkingAndEbikes => ["Parking and e-bikes", "Cars parked everywhere, e-bike sheds, charging", "Street public safety office", "Illegally parked cars were moved; new e-bike chargers were installed."],
        C::RubbishAndEnvironment => ["Rubbish and environment", "Rubbish piling up, goods piled outside shops", "Street sanitation station", "The rubbish was cleared and the shops told to remove goods from the pavement."],
        C::IllegalConstruction => ["Illegal construction", "Unauthorised structures, holes knocked through walls", "Street law enforcement team", "Inspectors checked the site and issued a notice; the structure was removed."],
        C::FacadeAndSafetyHazard => ["Facade and safety hazards", "Falling facade pieces or other danger", "Street emergency management section", "The area was cordoned off and the loose facade removed; the hazard is gone."],
        C::Noise => ["Noise", "Building work, shops, noise at night", "Street law enforcement team", "The builders were ordered to stop night work; a follow-up check is scheduled."],
        C::Other => ["Other", "Anything else: questions and suggestions", "Street request-response centre", "The departments concerned dealt with it and phoned you the result."],
    }
}

/// The notes of the steps before resolution, the same for every category: received, dispatched,
/// in progress.
#[cfg(any(not(target_arch = "wasm32"), doorstep_unsplit))]
fn notes(lang: Lang) -> [&'static str; 3] {
    match lang {
        Lang::ZhHans => ["已受理，工单已生成。", "已派单至承办单位，要求尽快联系您。", "工作人员已电话联系您，正在现场处理。"],
        Lang::ZhHant => ["已受理，工單已生成。", "已派單至承辦單位，要求儘快聯繫您。", "工作人員已電話聯繫您，正在現場處理。"],
        Lang::En => [
            "Accepted; a ticket has been opened.",
            "Sent to the department responsible, which must contact you promptly.",
            "Staff have phoned you and are dealing with it on site.",
        ],
    }
}

/// How many phrases there are: four per category, then the three shared notes.
pub(super) const COUNT: usize = C::ALL.len() * 4 + 3;

/// The phrase's place in a language's words, after the keys and the messages.
fn index(p: Phrase) -> usize {
    let at = |c: C, col: usize| C::ALL.iter().position(|x| *x == c).unwrap_or(0) * 4 + col;
    match p {
        Phrase::CategoryName(c) => at(c, 0),
        Phrase::CategoryHint(c) => at(c, 1),
        Phrase::Agency(c) => at(c, 2),
        Phrase::OfficeNote(NoteKind::Resolved, c) => at(c, 3),
        Phrase::OfficeNote(NoteKind::Received, _) => C::ALL.len() * 4,
        Phrase::OfficeNote(NoteKind::Dispatched, _) => C::ALL.len() * 4 + 1,
        Phrase::OfficeNote(NoteKind::InProgress, _) => C::ALL.len() * 4 + 2,
    }
}

/// Each language's phrases, in `index` order.
#[cfg(any(not(target_arch = "wasm32"), doorstep_unsplit))]
pub(super) fn phrase_column(lang: Lang) -> Vec<&'static str> {
    let row = |c: C| match lang {
        Lang::ZhHans => zh(c),
        Lang::ZhHant => zh_hant(c),
        Lang::En => en(c),
    };
    let mut column: Vec<&'static str> = C::ALL.iter().flat_map(|c| row(*c)).collect();
    column.extend(notes(lang));
    column
}

/// The built-in phrase in `lang`.
pub fn phrase(lang: Lang, p: Phrase) -> &'static str {
    super::table::word(lang, super::Key::ALL.len() + super::Msg::COUNT + index(p))
}
