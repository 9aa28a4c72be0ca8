/// Compiled into DiariumCLITests as well, through a link of the same name there, so that the
/// in-process and the command-line tests share one copy: edit it here.

import Foundation

/// The procurement example with edits applied to its JSON object.
func procurement(_ edit: (inout [String: Any]) -> Void = { _ in }) -> Data {
    var o = try! JSONSerialization.jsonObject(with: Data(contentsOf: Paths.fixture("direct-procurement.json"))) as! [String: Any]
    edit(&o)
    return try! JSONSerialization.data(withJSONObject: o)
}

/// The request example with edits applied to its JSON object.
func accessRequest(_ edit: (inout [String: Any]) -> Void = { _ in }) -> Data {
    var o = try! JSONSerialization.jsonObject(with: Data(contentsOf: Paths.fixture("access-request.json"))) as! [String: Any]
    edit(&o)
    return try! JSONSerialization.data(withJSONObject: o)
}

/// The deviation example with edits applied to its JSON object.
func deviation(_ edit: (inout [String: Any]) -> Void = { _ in }) -> Data {
    var o = try! JSONSerialization.jsonObject(with: Data(contentsOf: Paths.fixture("deviation.json"))) as! [String: Any]
    edit(&o)
    return try! JSONSerialization.data(withJSONObject: o)
}
