// Why `_WZ$` is in lsan.supp: LeakSanitizer reports objects a global still references when the reference is a
// multi-payload enum whose case tag Swift keeps in the pointer's high spare bits.
//
//   swiftc -sanitize=address sanitize/tagged-pointer-leak.swift -o /tmp/tagged && /tmp/tagged
//
// reports "Direct leak of 96 byte(s) in 4 object(s)": the four `.c` boxes (tag bits set), none of the `.a` ones
// (tag 0), although `global` holds all eight until exit.
final class Box { let v: Int; init(_ v: Int) { self.v = v } }
enum Value { case a(Box), b(Box), c(Box), d([Int]) }
struct Holder { var values: [Value] }
var global: Holder? = nil
func fill() -> Holder { Holder(values: (0..<8).map { i in i % 2 == 0 ? .a(Box(i)) : .c(Box(i)) }) }
global = fill()
print(global!.values.count)
