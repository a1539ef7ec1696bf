/// The images a run sends (`ImageFile`, `ImageFolder`) are part of this library's API.
@_exported import ImageInput
