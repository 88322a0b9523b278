//! `multipart/form-data` bodies: one part per top-level field of the body, a [`FilePart`]
//! as a file part (its bytes, file name and content type), strings as text parts, other
//! values as JSON parts.
//!
//! The body is encoded straight from its `Serialize` impl, not through JSON, so a file keeps
//! its bytes. A [`FilePart`] is told apart by the name it gives serde for itself, which only
//! its own `Serialize` impl passes: no value a caller sends (a string, a map) can pass for a
//! file.

// Functions are `#[inline]`, see `mod.rs`. The module is compiled only with the crate's
// `multipart` feature, on by default when the API has a `multipart/form-data` body: its
// serializers cost an API without forms about 3 % of its crate's compiler work (rustc
// instructions for the 2021 Sinch API: 6.45G with them, 6.28G without).

use std::fmt;

use bytes::Bytes;
use serde::Serialize;
use serde::ser::{self, Impossible, SerializeMap, SerializeSeq, SerializeStruct, Serializer};

use super::file_part::{FILE_PART, FilePart};

/// One part of a form, before the boundary is chosen.
struct Part {
    /// The part's header lines, each ending in CRLF.
    headers: String,
    content: Bytes,
}

/// A body encoded as `multipart/form-data`, with the `Content-Type` to send it with.
#[inline]
pub(crate) fn encode<B: Serialize + ?Sized>(body: &B) -> Result<(Vec<u8>, String), String> {
    let mut parts = Vec::new();
    body.serialize(Form { parts: &mut parts })
        .map_err(|error| error.0)?;

    // A boundary that no part contains, found deterministically.
    let mut boundary = String::from("doc2rust-form-boundary");
    let mut attempt = 0u32;
    while parts.iter().any(|part| {
        part.headers.contains(&boundary) || contains(&part.content, boundary.as_bytes())
    }) {
        attempt += 1;
        boundary = format!("doc2rust-form-boundary-{attempt}");
    }
    let size: usize = parts
        .iter()
        .map(|part| part.headers.len() + part.content.len() + boundary.len() + 8)
        .sum();
    let mut encoded = Vec::with_capacity(size + boundary.len() + 6);
    for part in &parts {
        encoded.extend_from_slice(b"--");
        encoded.extend_from_slice(boundary.as_bytes());
        encoded.extend_from_slice(b"\r\n");
        encoded.extend_from_slice(part.headers.as_bytes());
        encoded.extend_from_slice(b"\r\n");
        encoded.extend_from_slice(&part.content);
        encoded.extend_from_slice(b"\r\n");
    }
    encoded.extend_from_slice(b"--");
    encoded.extend_from_slice(boundary.as_bytes());
    encoded.extend_from_slice(b"--\r\n");
    Ok((encoded, format!("multipart/form-data; boundary={boundary}")))
}

/// Whether `needle` occurs in `haystack`.
#[inline]
fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}

/// A name or file name in a `Content-Disposition` header: the escaping of the HTML
/// form-data encoding algorithm.
#[inline]
fn quoted(text: &str) -> String {
    text.replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Adds the parts of one top-level field: each file of a [`FilePart`] or an array of them,
/// else the value as text (a string) or JSON; `None`, `null` and empty arrays add none.
#[inline]
fn add_field<T: Serialize + ?Sized>(
    parts: &mut Vec<Part>,
    name: &str,
    value: &T,
) -> Result<(), FormError> {
    let disposition = format!("Content-Disposition: form-data; name=\"{}\"", quoted(name));
    if let Ok(files) = value.serialize(Probe) {
        for file in files {
            // The type goes in a header: it must be one line of visible text.
            let type_is_header = !file.content_type.is_empty()
                && file
                    .content_type
                    .bytes()
                    .all(|byte| byte == b'\t' || (b' '..=b'~').contains(&byte));
            if !type_is_header {
                return Err(FormError(format!(
                    "the content type of file `{}` in field `{name}` is not a header value: {:?}",
                    file.file_name, file.content_type
                )));
            }
            let headers = format!(
                "{disposition}; filename=\"{}\"\r\nContent-Type: {}\r\n",
                quoted(&file.file_name),
                file.content_type
            );
            parts.push(Part {
                headers,
                content: file.bytes,
            });
        }
        return Ok(());
    }
    // JSON text rather than a `Value`, whose map would sort an object's fields.
    let json = serde_json::to_string(value)
        .map_err(|error| FormError(format!("field `{name}`: {error}")))?;
    if json == "null" {
        return Ok(());
    }
    let (headers, content) = if json.starts_with('"') {
        let text: String =
            serde_json::from_str(&json).map_err(|error| FormError(error.to_string()))?;
        (format!("{disposition}\r\n"), text)
    } else {
        (
            format!("{disposition}\r\nContent-Type: application/json\r\n"),
            json,
        )
    };
    parts.push(Part {
        headers,
        content: Bytes::from(content),
    });
    Ok(())
}

/// Why a body cannot be a form.
#[derive(Debug)]
struct FormError(String);

impl fmt::Display for FormError {
    #[inline]
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.0)
    }
}

impl std::error::Error for FormError {}

impl ser::Error for FormError {
    #[inline]
    fn custom<M: fmt::Display>(message: M) -> Self {
        FormError(message.to_string())
    }
}

/// The error of a body that is not an object.
#[inline]
fn not_an_object() -> FormError {
    FormError("a form body must be an object with fields".to_owned())
}

/// Serializer methods that refuse: `$error` builds the error.
macro_rules! refuse {
    ($error:expr; $($method:ident($($arg:ty),*)),* $(,)?) => {
        $(
            #[inline]
            fn $method(self, $(_: $arg),*) -> Result<Self::Ok, Self::Error> {
                Err($error)
            }
        )*
    };
}

/// Serializer methods of compound values that refuse.
macro_rules! refuse_compound {
    ($error:expr) => {
        #[inline]
        fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Self::Error> {
            Err($error)
        }

        #[inline]
        fn serialize_tuple_struct(
            self,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeTupleStruct, Self::Error> {
            Err($error)
        }

        #[inline]
        fn serialize_tuple_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeTupleVariant, Self::Error> {
            Err($error)
        }

        #[inline]
        fn serialize_struct_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeStructVariant, Self::Error> {
            Err($error)
        }

        #[inline]
        fn serialize_newtype_variant<T: Serialize + ?Sized>(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: &T,
        ) -> Result<Self::Ok, Self::Error> {
            Err($error)
        }
    };
}

/// The serializer of the whole body: an object (a struct, or a map as `#[serde(flatten)]`
/// makes it) whose fields become parts; `None` and `null` make an empty form.
struct Form<'a> {
    parts: &'a mut Vec<Part>,
}

/// The fields of the body's object, and the key whose value comes next (maps only).
struct FormFields<'a> {
    parts: &'a mut Vec<Part>,
    key: Option<String>,
}

impl<'a> Serializer for Form<'a> {
    type Ok = ();
    type Error = FormError;
    type SerializeSeq = Impossible<(), FormError>;
    type SerializeTuple = Impossible<(), FormError>;
    type SerializeTupleStruct = Impossible<(), FormError>;
    type SerializeTupleVariant = Impossible<(), FormError>;
    type SerializeMap = FormFields<'a>;
    type SerializeStruct = FormFields<'a>;
    type SerializeStructVariant = Impossible<(), FormError>;

    refuse!(not_an_object();
        serialize_bool(bool), serialize_i8(i8), serialize_i16(i16), serialize_i32(i32), serialize_i64(i64),
        serialize_u8(u8), serialize_u16(u16), serialize_u32(u32), serialize_u64(u64), serialize_f32(f32),
        serialize_f64(f64), serialize_char(char), serialize_str(&str), serialize_bytes(&[u8]),
        serialize_unit_variant(&'static str, u32, &'static str),
    );
    refuse_compound!(not_an_object());

    #[inline]
    fn serialize_none(self) -> Result<(), FormError> {
        Ok(())
    }

    #[inline]
    fn serialize_unit(self) -> Result<(), FormError> {
        Ok(())
    }

    #[inline]
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), FormError> {
        Ok(())
    }

    #[inline]
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), FormError> {
        value.serialize(self)
    }

    #[inline]
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<(), FormError> {
        if name == FILE_PART {
            return Err(not_an_object());
        }
        value.serialize(self)
    }

    #[inline]
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, FormError> {
        Err(not_an_object())
    }

    #[inline]
    fn serialize_map(self, _: Option<usize>) -> Result<FormFields<'a>, FormError> {
        Ok(FormFields {
            parts: self.parts,
            key: None,
        })
    }

    #[inline]
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<FormFields<'a>, FormError> {
        Ok(FormFields {
            parts: self.parts,
            key: None,
        })
    }
}

impl SerializeStruct for FormFields<'_> {
    type Ok = ();
    type Error = FormError;

    #[inline]
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), FormError> {
        add_field(self.parts, key, value)
    }

    #[inline]
    fn end(self) -> Result<(), FormError> {
        Ok(())
    }
}

impl SerializeMap for FormFields<'_> {
    type Ok = ();
    type Error = FormError;

    #[inline]
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), FormError> {
        // Keys as JSON writes them: strings as they are, numbers and booleans as text.
        let key = match serde_json::to_value(key).map_err(|error| FormError(error.to_string()))? {
            serde_json::Value::String(text) => text,
            serde_json::Value::Number(number) => number.to_string(),
            serde_json::Value::Bool(flag) => flag.to_string(),
            _ => return Err(FormError("a form field name must be a string".to_owned())),
        };
        self.key = Some(key);
        Ok(())
    }

    #[inline]
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), FormError> {
        let key = self
            .key
            .take()
            .ok_or_else(|| FormError("a form field without a name".to_owned()))?;
        add_field(self.parts, &key, value)
    }

    #[inline]
    fn end(self) -> Result<(), FormError> {
        Ok(())
    }
}

/// Looks for files in a field's value: a [`FilePart`], or an array of them (an empty
/// array has none, so it makes no part either way). Anything else is refused, and the
/// value is sent as text or JSON.
struct Probe;

/// Not a file: the value is sent as text or JSON.
#[derive(Debug)]
struct NotAFile;

impl fmt::Display for NotAFile {
    #[inline]
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("not a file")
    }
}

impl std::error::Error for NotAFile {}

impl ser::Error for NotAFile {
    #[inline]
    fn custom<M: fmt::Display>(_: M) -> Self {
        NotAFile
    }
}

/// The files of an array so far.
struct ProbeSeq(Vec<FilePart>);

impl Serializer for Probe {
    type Ok = Vec<FilePart>;
    type Error = NotAFile;
    type SerializeSeq = ProbeSeq;
    type SerializeTuple = Impossible<Vec<FilePart>, NotAFile>;
    type SerializeTupleStruct = Impossible<Vec<FilePart>, NotAFile>;
    type SerializeTupleVariant = Impossible<Vec<FilePart>, NotAFile>;
    type SerializeMap = Impossible<Vec<FilePart>, NotAFile>;
    type SerializeStruct = Impossible<Vec<FilePart>, NotAFile>;
    type SerializeStructVariant = Impossible<Vec<FilePart>, NotAFile>;

    refuse!(NotAFile;
        serialize_bool(bool), serialize_i8(i8), serialize_i16(i16), serialize_i32(i32), serialize_i64(i64),
        serialize_u8(u8), serialize_u16(u16), serialize_u32(u32), serialize_u64(u64), serialize_f32(f32),
        serialize_f64(f64), serialize_char(char), serialize_str(&str), serialize_bytes(&[u8]),
        serialize_unit_variant(&'static str, u32, &'static str), serialize_none(), serialize_unit(),
        serialize_unit_struct(&'static str),
    );
    refuse_compound!(NotAFile);

    #[inline]
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Vec<FilePart>, NotAFile> {
        value.serialize(self)
    }

    #[inline]
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<Vec<FilePart>, NotAFile> {
        if name != FILE_PART {
            return Err(NotAFile);
        }
        value.serialize(FileCapture).map(|file| vec![file])
    }

    #[inline]
    fn serialize_seq(self, length: Option<usize>) -> Result<ProbeSeq, NotAFile> {
        Ok(ProbeSeq(Vec::with_capacity(length.unwrap_or(0))))
    }

    #[inline]
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, NotAFile> {
        Err(NotAFile)
    }

    #[inline]
    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStruct, NotAFile> {
        Err(NotAFile)
    }
}

impl SerializeSeq for ProbeSeq {
    type Ok = Vec<FilePart>;
    type Error = NotAFile;

    #[inline]
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), NotAFile> {
        // Only files: an array of anything else is sent as JSON.
        let file = value.serialize(FileOnly)?;
        self.0.push(file);
        Ok(())
    }

    #[inline]
    fn end(self) -> Result<Vec<FilePart>, NotAFile> {
        Ok(self.0)
    }
}

/// An array element that must be a [`FilePart`].
struct FileOnly;

impl Serializer for FileOnly {
    type Ok = FilePart;
    type Error = NotAFile;
    type SerializeSeq = Impossible<FilePart, NotAFile>;
    type SerializeTuple = Impossible<FilePart, NotAFile>;
    type SerializeTupleStruct = Impossible<FilePart, NotAFile>;
    type SerializeTupleVariant = Impossible<FilePart, NotAFile>;
    type SerializeMap = Impossible<FilePart, NotAFile>;
    type SerializeStruct = Impossible<FilePart, NotAFile>;
    type SerializeStructVariant = Impossible<FilePart, NotAFile>;

    refuse!(NotAFile;
        serialize_bool(bool), serialize_i8(i8), serialize_i16(i16), serialize_i32(i32), serialize_i64(i64),
        serialize_u8(u8), serialize_u16(u16), serialize_u32(u32), serialize_u64(u64), serialize_f32(f32),
        serialize_f64(f64), serialize_char(char), serialize_str(&str), serialize_bytes(&[u8]),
        serialize_unit_variant(&'static str, u32, &'static str), serialize_none(), serialize_unit(),
        serialize_unit_struct(&'static str),
    );
    refuse_compound!(NotAFile);

    #[inline]
    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<FilePart, NotAFile> {
        Err(NotAFile)
    }

    #[inline]
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<FilePart, NotAFile> {
        if name != FILE_PART {
            return Err(NotAFile);
        }
        value.serialize(FileCapture)
    }

    #[inline]
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, NotAFile> {
        Err(NotAFile)
    }

    #[inline]
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, NotAFile> {
        Err(NotAFile)
    }

    #[inline]
    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStruct, NotAFile> {
        Err(NotAFile)
    }
}

/// Reads a [`FilePart`] back from its [`FileFields`]: the struct, then each field's string
/// or bytes.
struct FileCapture;

/// The fields of a [`FileFields`] read so far.
#[derive(Default)]
struct CapturedFields {
    file_name: Option<String>,
    content_type: Option<String>,
    bytes: Option<Bytes>,
}

/// A string or bytes of a [`FileFields`].
enum Scalar {
    Text(String),
    Bytes(Bytes),
}

impl Serializer for FileCapture {
    type Ok = FilePart;
    type Error = NotAFile;
    type SerializeSeq = Impossible<FilePart, NotAFile>;
    type SerializeTuple = Impossible<FilePart, NotAFile>;
    type SerializeTupleStruct = Impossible<FilePart, NotAFile>;
    type SerializeTupleVariant = Impossible<FilePart, NotAFile>;
    type SerializeMap = Impossible<FilePart, NotAFile>;
    type SerializeStruct = CapturedFields;
    type SerializeStructVariant = Impossible<FilePart, NotAFile>;

    refuse!(NotAFile;
        serialize_bool(bool), serialize_i8(i8), serialize_i16(i16), serialize_i32(i32), serialize_i64(i64),
        serialize_u8(u8), serialize_u16(u16), serialize_u32(u32), serialize_u64(u64), serialize_f32(f32),
        serialize_f64(f64), serialize_char(char), serialize_str(&str), serialize_bytes(&[u8]),
        serialize_unit_variant(&'static str, u32, &'static str), serialize_none(), serialize_unit(),
        serialize_unit_struct(&'static str),
    );
    refuse_compound!(NotAFile);

    #[inline]
    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<FilePart, NotAFile> {
        Err(NotAFile)
    }

    #[inline]
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: &T,
    ) -> Result<FilePart, NotAFile> {
        Err(NotAFile)
    }

    #[inline]
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, NotAFile> {
        Err(NotAFile)
    }

    #[inline]
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, NotAFile> {
        Err(NotAFile)
    }

    #[inline]
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<CapturedFields, NotAFile> {
        Ok(CapturedFields::default())
    }
}

impl SerializeStruct for CapturedFields {
    type Ok = FilePart;
    type Error = NotAFile;

    #[inline]
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), NotAFile> {
        match (key, value.serialize(ScalarCapture)?) {
            ("file_name", Scalar::Text(text)) => self.file_name = Some(text),
            ("content_type", Scalar::Text(text)) => self.content_type = Some(text),
            ("bytes", Scalar::Bytes(bytes)) => self.bytes = Some(bytes),
            _ => return Err(NotAFile),
        }
        Ok(())
    }

    #[inline]
    fn end(self) -> Result<FilePart, NotAFile> {
        match (self.bytes, self.file_name, self.content_type) {
            (Some(bytes), Some(file_name), Some(content_type)) => Ok(FilePart {
                bytes,
                file_name,
                content_type,
            }),
            _ => Err(NotAFile),
        }
    }
}

/// A string or bytes.
struct ScalarCapture;

impl Serializer for ScalarCapture {
    type Ok = Scalar;
    type Error = NotAFile;
    type SerializeSeq = Impossible<Scalar, NotAFile>;
    type SerializeTuple = Impossible<Scalar, NotAFile>;
    type SerializeTupleStruct = Impossible<Scalar, NotAFile>;
    type SerializeTupleVariant = Impossible<Scalar, NotAFile>;
    type SerializeMap = Impossible<Scalar, NotAFile>;
    type SerializeStruct = Impossible<Scalar, NotAFile>;
    type SerializeStructVariant = Impossible<Scalar, NotAFile>;

    refuse!(NotAFile;
        serialize_bool(bool), serialize_i8(i8), serialize_i16(i16), serialize_i32(i32), serialize_i64(i64),
        serialize_u8(u8), serialize_u16(u16), serialize_u32(u32), serialize_u64(u64), serialize_f32(f32),
        serialize_f64(f64), serialize_char(char),
        serialize_unit_variant(&'static str, u32, &'static str), serialize_none(), serialize_unit(),
        serialize_unit_struct(&'static str),
    );
    refuse_compound!(NotAFile);

    #[inline]
    fn serialize_str(self, text: &str) -> Result<Scalar, NotAFile> {
        Ok(Scalar::Text(text.to_owned()))
    }

    #[inline]
    fn serialize_bytes(self, bytes: &[u8]) -> Result<Scalar, NotAFile> {
        // One copy of the file; the encoded body is the other.
        Ok(Scalar::Bytes(Bytes::copy_from_slice(bytes)))
    }

    #[inline]
    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<Scalar, NotAFile> {
        Err(NotAFile)
    }

    #[inline]
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: &T,
    ) -> Result<Scalar, NotAFile> {
        Err(NotAFile)
    }

    #[inline]
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, NotAFile> {
        Err(NotAFile)
    }

    #[inline]
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, NotAFile> {
        Err(NotAFile)
    }

    #[inline]
    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStruct, NotAFile> {
        Err(NotAFile)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A body as the generated code passes it: a struct whose fields keep their order.
    #[derive(serde::Serialize)]
    struct Form {
        grant_type: &'static str,
        scope: Vec<&'static str>,
        ttl: u32,
        skip: Option<u8>,
        #[serde(skip_serializing_if = "Option::is_none")]
        absent: Option<u8>,
        extra: Extra,
    }

    /// A JSON part's fields keep their order too.
    #[derive(serde::Serialize)]
    struct Extra {
        b: u8,
        a: [u8; 1],
    }

    fn text(body: &impl Serialize) -> (String, String) {
        let (bytes, content_type) = encode(body).expect("encodes");
        (String::from_utf8(bytes).expect("text"), content_type)
    }

    fn part(name: &str, headers: &str, content: &str) -> String {
        format!(
            "--doc2rust-form-boundary\r\nContent-Disposition: form-data; name=\"{name}\"{headers}\r\n\r\n{content}\r\n"
        )
    }

    #[test]
    fn one_part_per_field_in_order() {
        let body = Form {
            grant_type: "a,b\n",
            scope: vec!["x"],
            ttl: 1,
            skip: None,
            absent: None,
            extra: Extra { b: 1, a: [2] },
        };
        let (body, content_type) = text(&body);
        assert_eq!(
            content_type,
            "multipart/form-data; boundary=doc2rust-form-boundary"
        );
        let json = "\r\nContent-Type: application/json";
        let expected = [
            part("grant_type", "", "a,b\n"),
            part("scope", json, "[\"x\"]"),
            part("ttl", json, "1"),
            part("extra", json, "{\"b\":1,\"a\":[2]}"),
            "--doc2rust-form-boundary--\r\n".to_owned(),
        ]
        .concat();
        assert_eq!(body, expected);
        // A part that contains the boundary moves it.
        let (_, content_type) = text(&serde_json::json!({"file": "--doc2rust-form-boundary"}));
        assert_eq!(
            content_type,
            "multipart/form-data; boundary=doc2rust-form-boundary-1"
        );
        assert!(encode(&[1, 2]).is_err());
        assert!(encode("text").is_err());
        assert_eq!(text(&None::<Form>).0, "--doc2rust-form-boundary--\r\n");
    }

    #[derive(serde::Serialize)]
    struct Upload {
        title: String,
        file: FilePart,
        attachments: Vec<FilePart>,
        cover: Option<FilePart>,
        none: Option<Vec<FilePart>>,
    }

    #[test]
    fn files_are_file_parts_with_their_bytes_name_and_type() {
        let bytes: &[u8] = &[0, 159, 146, 150, b'\r', b'\n', 255];
        let body = Upload {
            title: "Q3 \"report\"".to_owned(),
            file: FilePart::new(bytes.to_vec(), "re\"port\r\n.bin"),
            attachments: vec![
                FilePart::new("a,b\n1,2\n", "a.csv").with_content_type("text/csv"),
                FilePart::new(Vec::new(), "empty.txt")
                    .with_content_type("text/plain; charset=utf-8"),
            ],
            cover: Some(FilePart::new(&b"png"[..], "cover.png").with_content_type("image/png")),
            none: None,
        };
        let (encoded, content_type) = encode(&body).expect("encodes");
        assert_eq!(
            content_type,
            "multipart/form-data; boundary=doc2rust-form-boundary"
        );
        let file = |name: &str, file_name: &str, content_type: &str, content: &[u8]| {
            let mut part = format!(
                "--doc2rust-form-boundary\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\nContent-Type: {content_type}\r\n\r\n"
            )
            .into_bytes();
            part.extend_from_slice(content);
            part.extend_from_slice(b"\r\n");
            part
        };
        let expected = [
            part("title", "", "Q3 \"report\"").into_bytes(),
            file(
                "file",
                "re%22port%0D%0A.bin",
                "application/octet-stream",
                bytes,
            ),
            file("attachments", "a.csv", "text/csv", b"a,b\n1,2\n"),
            file("attachments", "empty.txt", "text/plain; charset=utf-8", b""),
            file("cover", "cover.png", "image/png", b"png"),
            b"--doc2rust-form-boundary--\r\n".to_vec(),
        ]
        .concat();
        assert_eq!(encoded, expected);

        // Bytes that hold the boundary move it.
        let body = Upload {
            title: String::new(),
            file: FilePart::new(&b"x--doc2rust-form-boundary"[..], "f"),
            attachments: Vec::new(),
            cover: None,
            none: Some(Vec::new()),
        };
        let (encoded, content_type) = encode(&body).expect("encodes");
        assert_eq!(
            content_type,
            "multipart/form-data; boundary=doc2rust-form-boundary-1"
        );
        // An empty array of files makes no part.
        assert!(!String::from_utf8_lossy(&encoded).contains("name=\"attachments\""));
        // A content type that would break out of its header line is refused.
        let body = Upload {
            title: String::new(),
            file: FilePart::new(Vec::new(), "f").with_content_type("text/plain\r\nX-Evil: 1"),
            attachments: Vec::new(),
            cover: None,
            none: None,
        };
        assert!(encode(&body).is_err());
    }

    #[test]
    fn a_string_or_map_that_looks_like_a_file_is_not_one() {
        // What a file serializes to as JSON, sent by a caller as data: it stays JSON.
        let look_alike =
            serde_json::json!({"file_name": "a", "content_type": "text/plain", "bytes": [104]});
        let (body, _) =
            text(&serde_json::json!({"file": look_alike, "name": "$doc2rust::private::FilePart"}));
        assert!(!body.contains("filename="), "{body}");
        assert!(
            body.contains("name=\"file\"\r\nContent-Type: application/json\r\n\r\n{"),
            "{body}"
        );
        assert!(body.contains("\"file_name\":\"a\""), "{body}");
        assert!(
            body.contains("name=\"name\"\r\n\r\n$doc2rust::private::FilePart\r\n"),
            "{body}"
        );
    }
}
