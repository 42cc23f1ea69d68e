import GRDB
import Crypto
import AsyncHTTPClient
import Logging
