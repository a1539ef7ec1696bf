/// The role name in an IAM role ARN (`arn:aws:iam::123456789012:role/path/name` -> `name`), or nil if it is not one.
func roleName(fromArn arn: String) -> String? {
    let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
    guard parts.count == 6, parts[0] == "arn", parts[2] == "iam", parts[5].hasPrefix("role/") else { return nil }
    return parts[5].split(separator: "/").last.map(String.init)
}
