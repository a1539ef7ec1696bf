/// DynamoDB's attribute values are their own dependency-free module (the detection contract builds items from
/// them); every `import AWSKitLite` sees them as part of the DynamoDB client's API.
@_exported import DynamoDBAttributeValue
