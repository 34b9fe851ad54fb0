import XCTest
final class PythonBindingTests: XCTestCase { func testPlaceholder() {} }
