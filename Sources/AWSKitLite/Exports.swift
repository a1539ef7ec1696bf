/// What AWSKitLite's API is made of besides its own types: the HTTP transport every client sends through
/// (`HTTPClient`, `HTTPRequest`, `HTTPClientError`) and DynamoDB's attribute values (their own dependency-free
/// module, which the detection contract builds items from). Every `import AWSKitLite` sees both.
@_exported import DynamoDBAttributeValue
@_exported import HTTPTransport
