// placeholder until scene tests land
import XCTest
