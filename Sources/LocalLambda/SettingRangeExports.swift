/// The options' range errors (`SettingRangeError`) are part of this library's API.
@_exported import SettingRange
