/// The produce-time check of one schema's data, compiled once: verifies that a buffer holds exactly one datum and
/// reports what the root record's field `rootField` holds, without building anything. Gives the same answers as
/// `AvroBinaryDecoder.checkWhole(_:rootField:)`, several times faster on valid data: a compiled `CheckProgram`
/// accepts what it can, and anything else is decided (and explained) by the decoder.
public final class AvroDatumChecker: Sendable {
    /// The decoder that decides what the program does not accept, and diagnoses failures.
    public let decoder: AvroBinaryDecoder
    /// The root record's field whose content `check` reports, when there is one.
    public let rootField: Int?
    let program: CheckProgram

    /// A checker of data written with `decoder`'s schema; `rootField` as for `checkWhole(_:rootField:)`.
    public init(decoder: AvroBinaryDecoder, rootField: Int? = nil) {
        self.decoder = decoder
        self.rootField = rootField
        self.program = CheckProgram(plan: decoder.plan, rootField: rootField)
    }

    /// Verifies that `buffer` holds exactly one datum; returns what the root field holds (nil when no field was
    /// asked for, or the root has no such field). Throws the decoder's error, with its offset, when it does not.
    public func check(_ buffer: UnsafeRawBufferPointer) throws(AvroDecodingError) -> RootFieldContent? {
        if let base = buffer.baseAddress, let content = fastCheck(base, count: buffer.count) {
            return content
        }
        if let rootField { return try decoder.checkWhole(buffer, rootField: rootField) }
        try decoder.checkWhole(buffer)
        return nil
    }

    /// The program's verdict: `.some` when it accepts the whole buffer, nil when the decoder must decide.
    func fastCheck(_ base: UnsafeRawPointer, count: Int) -> RootFieldContent?? {
        program.code.withUnsafeBufferPointer { code in
            program.targets.withUnsafeBufferPointer { targets in
                program.entries.withUnsafeBufferPointer { entries in
                    program.depths.withUnsafeBufferPointer { depths in
                        var run = CheckProgramRun(
                            base: base, count: count,
                            program: .init(code: code, targets: targets, entries: entries, depths: depths),
                            limits: decoder.limits)
                        guard run.run(0, depth: 0), run.offset == count else { return nil }
                        guard let node = program.markedNode else { return .some(nil) }
                        guard run.mark >= 0 else { return nil }
                        return decoder.plan.ops.withUnsafeBufferPointer { ops in
                            decoder.plan.children.withUnsafeBufferPointer { children in
                                .some(AvroBinaryDecoder.content(
                                    of: node, at: run.mark, in: UnsafeRawBufferPointer(start: base, count: count), ops: ops, children: children))
                            }
                        }
                    }
                }
            }
        }
    }
}
