//! Saves a text as a file on the staff member's device (export of submissions).
//!
//! Owns: the Blob, object URL and temporary link. Must not: build the file's content.

use wasm_bindgen::JsCast;

/// Offers `content` as a download named `filename`. Returns false when the browser refused.
pub fn save(filename: &str, mime: &str, content: &str) -> bool {
    let run = || -> Option<()> {
        let document = web_sys::window()?.document()?;
        let parts = js_sys::Array::of1(&content.into());
        let opts = web_sys::BlobPropertyBag::new();
        opts.set_type(mime);
        let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts).ok()?;
        let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
        let a: web_sys::HtmlAnchorElement = document.create_element("a").ok()?.dyn_into().ok()?;
        a.set_href(&url);
        a.set_download(filename);
        a.set_hidden(true);
        document.body()?.append_child(&a).ok()?;
        a.click();
        a.remove();
        web_sys::Url::revoke_object_url(&url).ok()
    };
    run().is_some()
}
