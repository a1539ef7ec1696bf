@testable import AWSKitLite
import Testing

/// The small XML reader against the constructs AWS's XML bodies use.
@Suite struct XMLTreeNodeTests {
    @Test func readsNestedElementsTextAndNamespaces() throws {
        let document = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!-- listing -->
            <ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
              <Name>bucket</Name>
              <Contents><Key>a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos; &#233;&#x65E5;</Key><Size>12</Size></Contents>
              <Contents><Key><![CDATA[raw <tag> & text]]></Key><Size>0</Size></Contents>
              <s3:Owner xmlns:s3="x"><ID attr='1'/></s3:Owner>
              <Empty/>
            </ListBucketResult>
            """
        let root = try #require(XMLTreeNode.parse(Array(document.utf8)))
        #expect(root.name == "ListBucketResult")
        #expect(root.attributes["xmlns"] == "http://s3.amazonaws.com/doc/2006-03-01/")
        #expect(root.text(of: "Name") == "bucket")
        #expect(root.children("Contents").map { $0.text(of: "Key") } == ["a & b <c> \"d\" 'e' é日", "raw <tag> & text"])
        #expect(root.child("Owner")?.child("ID")?.attributes["attr"] == "1")
        #expect(root.child("Empty")?.text == "")
        #expect(root.firstDescendant("ID") != nil)
    }

    @Test func unbalancedTagsAreRejected() {
        #expect(XMLTreeNode.parse(Array("<a><b></a>".utf8)) == nil)
        #expect(XMLTreeNode.parse(Array("<a><b>".utf8)) == nil)
        #expect(XMLTreeNode.parse(Array("not xml".utf8)) == nil)
    }

    @Test func writerEscapesWhatTheReaderUnescapes() throws {
        let key = "a&b<c>\"d\"'e'\r\nü"
        var writer = XMLWriter()
        writer.element("Delete") { $0.element("Key", text: key) }
        #expect(XMLTreeNode.parse(writer.bytes)?.text(of: "Key") == key)
    }
}
