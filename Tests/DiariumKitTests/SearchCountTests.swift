import DiariumKit
import DiariumStore
import Foundation
import Testing

/// A search's count is kept between calls, and never outlives a change to the register.
@Suite("Search counts")
struct SearchCountTests {
    @Test func aCountFollowsEveryRegistrationAndEachSearchCountsItsOwn() throws {
        let s = try Sandbox()
        let d = s.diarium!
        let query = SearchQuery(text: "anbud")
        #expect(try d.searchCount(query, scope: .public, as: tester) == 0)
        for i in 1...3 {
            _ = try d.register(file: s.file("a\(i).txt", "Ett anbud."), meta: s.meta(), as: tester)
            #expect(try d.searchCount(query, scope: .public, as: tester) == i, "a registration moves the count at once")
        }
        var paged = query
        paged.offset = 2
        paged.limit = 1
        #expect(try d.searchCount(paged, scope: .public, as: tester) == 3, "a page of the search counts the whole search")
        #expect(try d.searchCount(SearchQuery(text: "inget-sådant-ord"), scope: .public, as: tester) == 0)
        var other = query
        other.organisation = "RV"
        #expect(try d.searchCount(other, scope: .public, as: tester) == 0, "a filter is part of the search")
        // Another process's registration (a second Diarium on the same store) moves it too.
        let second = try Diarium(store: s.storeURL, home: Paths.home)
        _ = try second.register(file: s.file("b.txt", "Ett anbud till."), meta: s.meta(), as: tester)
        #expect(try d.searchCount(query, scope: .public, as: tester) == 4)
    }
}
