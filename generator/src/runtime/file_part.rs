//! [`FilePart`]: a file sent as one part of a `multipart/form-data` body, and its serde
//! impls. Always compiled, since the API's types name it; the encoder that turns a body into
//! a form is `multipart.rs`, behind the crate's `multipart` feature.

// Functions are `#[inline]`, see `mod.rs`.

use std::fmt;

use bytes::Bytes;
use serde::ser::{Serialize, Serializer};
use serde::{Deserialize, Deserializer};

/// The name a [`FilePart`] gives serde, the way `serde_json::value::RawValue` marks itself.
/// A `$` cannot start a Rust type name, so no derived impl passes it by chance.
pub(super) const FILE_PART: &str = "$doc2rust::private::FilePart";

/// The content type of a file whose caller names none: any bytes.
const OCTET_STREAM: &str = "application/octet-stream";

/// A file sent as one part of a `multipart/form-data` body: its bytes, the file name the
/// server sees, and its content type.
///
/// `FilePart::new(bytes, "report.csv")` is sent as `application/octet-stream`: nothing is
/// guessed from the name. `.with_content_type("text/csv")` names the type.
///
/// As JSON (the command-line client reads bodies as JSON) a file is
/// `{"file_name": "report.csv", "content_type": "text/csv", "bytes": [104, 105]}`; `bytes`
/// may also be a string, its UTF-8 text, and `content_type` may be left out.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct FilePart {
    pub(super) bytes: Bytes,
    pub(super) file_name: String,
    pub(super) content_type: String,
}

impl FilePart {
    /// A file with these bytes and this file name, sent as `application/octet-stream`.
    #[inline]
    pub fn new(bytes: impl Into<Bytes>, file_name: impl Into<String>) -> Self {
        FilePart {
            bytes: bytes.into(),
            file_name: file_name.into(),
            content_type: OCTET_STREAM.to_owned(),
        }
    }

    /// The same file with this content type (`text/csv`, `image/png`).
    #[inline]
    #[must_use]
    pub fn with_content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = content_type.into();
        self
    }

    /// The file's bytes.
    #[inline]
    pub fn bytes(&self) -> &Bytes {
        &self.bytes
    }

    /// The file name the server sees.
    #[inline]
    pub fn file_name(&self) -> &str {
        &self.file_name
    }

    /// The content type the part is sent with.
    #[inline]
    pub fn content_type(&self) -> &str {
        &self.content_type
    }
}

impl fmt::Debug for FilePart {
    /// The name, type and size; the bytes themselves would flood a log.
    #[inline]
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("FilePart")
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .field("len", &self.bytes.len())
            .finish()
    }
}

/// A file's fields as serde sees them; as JSON,
/// `{"file_name": "a.csv", "content_type": "text/csv", "bytes": [104, 105]}`.
#[derive(serde::Serialize)]
#[serde(rename = "FilePart")]
struct FileFields<'a> {
    file_name: &'a str,
    content_type: &'a str,
    bytes: WireBytes<'a>,
}

/// Bytes as serde's bytes (a JSON array of numbers), not as a sequence of `u8` values.
struct WireBytes<'a>(&'a [u8]);

impl Serialize for WireBytes<'_> {
    #[inline]
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(self.0)
    }
}

impl Serialize for FilePart {
    #[inline]
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let fields = FileFields {
            file_name: &self.file_name,
            content_type: &self.content_type,
            bytes: WireBytes(&self.bytes),
        };
        serializer.serialize_newtype_struct(FILE_PART, &fields)
    }
}

impl<'de> Deserialize<'de> for FilePart {
    /// What `Serialize` writes; `bytes` may also be a string (its UTF-8 text), and
    /// `content_type` may be left out.
    #[inline]
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(serde::Deserialize)]
        #[serde(rename = "FilePart")]
        struct Owned {
            file_name: String,
            #[serde(default = "octet_stream")]
            content_type: String,
            bytes: OwnedBytes,
        }

        #[inline]
        fn octet_stream() -> String {
            OCTET_STREAM.to_owned()
        }

        struct OwnedBytes(Vec<u8>);

        impl<'de> Deserialize<'de> for OwnedBytes {
            #[inline]
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct Visitor;
                impl<'de> serde::de::Visitor<'de> for Visitor {
                    type Value = OwnedBytes;

                    #[inline]
                    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                        formatter.write_str("bytes, an array of bytes or a string")
                    }

                    #[inline]
                    fn visit_bytes<E: serde::de::Error>(
                        self,
                        bytes: &[u8],
                    ) -> Result<OwnedBytes, E> {
                        Ok(OwnedBytes(bytes.to_vec()))
                    }

                    #[inline]
                    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<OwnedBytes, E> {
                        Ok(OwnedBytes(text.as_bytes().to_vec()))
                    }

                    #[inline]
                    fn visit_seq<A: serde::de::SeqAccess<'de>>(
                        self,
                        mut seq: A,
                    ) -> Result<OwnedBytes, A::Error> {
                        let mut bytes =
                            Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1 << 16));
                        while let Some(byte) = seq.next_element::<u8>()? {
                            bytes.push(byte);
                        }
                        Ok(OwnedBytes(bytes))
                    }
                }
                deserializer.deserialize_any(Visitor)
            }
        }

        struct Newtype;
        impl<'de> serde::de::Visitor<'de> for Newtype {
            type Value = FilePart;

            #[inline]
            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("a file part")
            }

            #[inline]
            fn visit_newtype_struct<D: Deserializer<'de>>(
                self,
                deserializer: D,
            ) -> Result<FilePart, D::Error> {
                let owned = Owned::deserialize(deserializer)?;
                Ok(FilePart {
                    bytes: Bytes::from(owned.bytes.0),
                    file_name: owned.file_name,
                    content_type: owned.content_type,
                })
            }
        }
        deserializer.deserialize_newtype_struct(FILE_PART, Newtype)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_read_back_from_json() {
        let file = FilePart::new(vec![0, 255], "a.bin").with_content_type("image/png");
        let json = serde_json::to_string(&file).expect("serializes");
        assert_eq!(
            json,
            r#"{"file_name":"a.bin","content_type":"image/png","bytes":[0,255]}"#
        );
        let back: FilePart = serde_json::from_str(&json).expect("deserializes");
        assert_eq!(back, file);
        let text: FilePart =
            serde_json::from_str(r#"{"file_name":"a.txt","bytes":"hi"}"#).expect("deserializes");
        assert_eq!(text, FilePart::new("hi", "a.txt"));
        assert_eq!(text.content_type(), "application/octet-stream");
        assert_eq!(
            format!("{text:?}"),
            r#"FilePart { file_name: "a.txt", content_type: "application/octet-stream", len: 2 }"#
        );
    }
}
