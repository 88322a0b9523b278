//! Which fields of a `multipart/form-data` request body are files, sent as file parts (bytes,
//! a file name, a content type) rather than as text.
//!
//! The renderer shows a binary field (`format: binary`) as a plain `string`, or an array of
//! them as a bare `array`: formats never reach the page. So the page says a field is a file
//! only in words, and the rule reads them, conservatively (every file found is listed by
//! `model --report` as an inference):
//!
//! - only a top-level field of a `multipart/form-data` request body (each part of the form is
//!   one top-level field; deeper fields travel inside a JSON part), shown as a `string` or an
//!   `array` with no items described;
//! - its name ends with a file noun, `file`, `image`, `document` or `attachment` (or their
//!   plurals): cPanel's, HPE's and Magicline's `file`, Magicline's `image` and `document`,
//!   Mailgun's `attachment`;
//! - or its description says so: it starts with `File` or `Attachment` (Mailgun's
//!   `attachment`, "File attachment.", and `inline`, "Attachment with inline disposition"), or
//!   asks for a `file upload` (Mailgun's `message`, "send this as a file upload"), unless the
//!   name ends with a word that names something about a file rather than its content
//!   (`file_name`, `attachment_id`, `image_url`).
//!
//! What the rule leaves as text: the words `file` or `upload` elsewhere in a description
//! ("The name to store the file under", "The name of the device measurements being
//! uploaded"), and every field of a multipart body whose name and description do not
//! call it a file (HPE's location CSV columns, Mailgun's `to`, `subject`, `template`).

use super::{Field, Schema};

/// Last words of a field name that make it a file: the content itself.
const FILE_NOUNS: &[&str] = &["file", "image", "document", "attachment"];

/// First words of a description that make the field a file.
const FILE_OPENINGS: &[&str] = &["file", "attachment"];

/// Last words of a field name that say it is about a file, not the file: its name, id,
/// address or properties.
const ABOUT_A_FILE: &[&str] = &[
    "name",
    "id",
    "url",
    "uri",
    "link",
    "path",
    "type",
    "size",
    "format",
    "extension",
    "count",
    "key",
    "hash",
    "checksum",
    "encoding",
];

/// Whether a media type is `multipart/form-data`, parameters aside.
pub fn is_form_data(media_type: &str) -> bool {
    media_type.split(';').next().is_some_and(|m| m.trim().eq_ignore_ascii_case("multipart/form-data"))
}

/// Turns the file fields of a form-data body's top-level fields into [`Schema::File`] (or an
/// array of them), and says why for each: `its name` or `its description`.
pub fn mark_files(fields: &mut [Field]) -> Vec<(usize, &'static str)> {
    let mut marked = Vec::new();
    for (index, field) in fields.iter_mut().enumerate() {
        let Some(why) = file_reason(&field.name, &field.description) else { continue };
        let file = match &field.schema {
            Schema::String => Schema::File,
            Schema::Array { items } if matches!(**items, Schema::Any | Schema::String) => {
                Schema::Array { items: Box::new(Schema::File) }
            }
            _ => continue,
        };
        field.schema = file;
        marked.push((index, why));
    }
    marked
}

/// Why a field with this name and description is a file, or `None`.
fn file_reason(name: &str, description: &str) -> Option<&'static str> {
    let last = name_words(name).pop().map(|word| crate::naming::singular(&word))?;
    if FILE_NOUNS.contains(&last.as_str()) {
        return Some("its name");
    }
    if ABOUT_A_FILE.contains(&last.as_str()) {
        return None;
    }
    let words = text_words(description);
    let opens = words.first().is_some_and(|first| FILE_OPENINGS.contains(&crate::naming::singular(first).as_str()));
    let upload = words.windows(2).any(|pair| pair[0] == "file" && (pair[1] == "upload" || pair[1] == "uploads"));
    (opens || upload).then_some("its description")
}

/// The words of a field name, lowercase: `attachmentIds` -> `attachment ids`.
fn name_words(name: &str) -> Vec<String> {
    crate::naming::snake_case(name).split('_').filter(|w| !w.is_empty()).map(str::to_owned).collect()
}

/// The words of prose, lowercase, letters only.
fn text_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_by_name_or_description() {
        // The pages' own names and descriptions.
        let files = [
            ("file", "The configuration file data, in multipart/form-data format."),
            ("file", "Upload file with correct extension."),
            ("image", "Upload image with correct extension. Supported mime types:"),
            ("document", "Idle period proposal document (jpeg, png, pdf, heic)"),
            ("attachment", "File attachment.  You can post multiple  values."),
            ("inline", "Attachment with  disposition.  Can be used to send inline images (see example)."),
            ("message", "MIME string of the message.  Make sure to use  content type to send this as a file upload"),
            ("profileImages", ""),
        ];
        for (name, description) in files {
            assert!(file_reason(name, description).is_some(), "{name}: {description}");
        }
        let text = [
            ("name", "The name to store the file under."),
            ("tags", "Labels for the file."),
            ("name", "The name of the device measurements being uploaded."),
            ("module", "The configuration module's name."),
            ("template", "Name of a template stored via the Templates API to use to render the email body."),
            ("v:my-var", "Attaches custom data to the message using the 'v:' prefix."),
            ("fileName", "File name to store the upload under."),
            ("attachment_url", "Attachment to fetch, by its address."),
            ("profile", "The file uploaded earlier, by id."),
        ];
        for (name, description) in text {
            assert_eq!(file_reason(name, description), None, "{name}: {description}");
        }
    }

    #[test]
    fn only_strings_and_arrays_of_unshown_items_become_files() {
        let field = |name: &str, schema: Schema| Field {
            name: name.to_owned(),
            rust_name: name.to_owned(),
            required: false,
            description: String::new(),
            deprecated: None,
            example: None,
            schema,
            span: crate::diagnostic::Span::start(crate::diagnostic::FileId::default()),
        };
        let mut fields = vec![
            field("file", Schema::String),
            field("attachments", Schema::Array { items: Box::new(Schema::Any) }),
            field("image", Schema::Integer),
            field("document", Schema::Map { values: None }),
            field("title", Schema::String),
        ];
        assert_eq!(mark_files(&mut fields), vec![(0, "its name"), (1, "its name")]);
        assert_eq!(fields[0].schema, Schema::File);
        assert_eq!(fields[1].schema, Schema::Array { items: Box::new(Schema::File) });
        assert_eq!(fields[2].schema, Schema::Integer);
        assert_eq!(fields[4].schema, Schema::String);
        assert!(is_form_data("Multipart/Form-Data; boundary=x"));
        assert!(!is_form_data("multipart/mixed"));
    }
}
