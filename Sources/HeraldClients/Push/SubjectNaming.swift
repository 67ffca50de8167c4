/// How catalog things are named in a registry: Confluent's TopicNameStrategy for events and keys, the full name for
/// a shared type (the subject its references point at).
public enum SubjectNaming {
    public static let valueSuffix = "-value"
    public static let keySuffix = "-key"

    /// `<topic>-value`.
    public static func value(topic: String) -> String { topic + valueSuffix }

    /// `<topic>-key`.
    public static func key(topic: String) -> String { topic + keySuffix }

    /// A shared type's subject: its full name (`com.examplemotors.common.Money`).
    public static func sharedType(fullName: String) -> String { fullName }

    /// The topic of a `-value` subject, or nil.
    public static func topic(ofValueSubject subject: String) -> String? {
        subject.hasSuffix(valueSuffix) && subject.count > valueSuffix.count ? String(subject.dropLast(valueSuffix.count)) : nil
    }

    /// The topic of a `-key` subject, or nil.
    public static func topic(ofKeySubject subject: String) -> String? {
        subject.hasSuffix(keySuffix) && subject.count > keySuffix.count ? String(subject.dropLast(keySuffix.count)) : nil
    }
}
