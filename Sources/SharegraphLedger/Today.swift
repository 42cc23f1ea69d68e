// The calendar day now, where deadlines and follow-ups are judged.

import Foundation
public import SharegraphCore

extension CalendarDate {
    /// Today's date in the local time zone.
    public static func today() -> CalendarDate {
        let parts = Calendar.current.dateComponents([.year, .month, .day], from: Date())
        return CalendarDate(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1) ?? .unixEpoch
    }
}
