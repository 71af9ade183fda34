//! Organizers' markup (`html` elements and `completedHtml`) as DOM nodes, from the safe tree of
//! `core::html`: elements created one by one, text always as text (never `innerHTML`).
//!
//! Owns: `NoteView` (an `html` element, memoised: it is drawn again only when the language or
//! one of the answers it pipes in changes), `rich_html` (any fragment), headings moved below
//! the widget's own, and links: a new tab with `rel="noopener noreferrer"` and a spoken
//! "opens in a new tab", or in kiosk mode plain text with the address, since a shared tablet
//! must never leave the consultation. Must not: parse or check markup (the core does), or put
//! any attribute on a node but a link's checked `href`, `target` and `rel`.

use std::rc::Rc;

use yew::prelude::*;

use crate::core::definition::Note;
use crate::core::html::{self, Node, Tag};
use crate::core::i18n::{self, Locale, Msg};
use crate::core::pipe::Values;

/// How a fragment is drawn where it appears.
pub struct Rich<'a> {
    pub values: &'a Values,
    pub locale: Locale,
    /// The level its highest heading gets (one below the heading it sits under).
    pub base: u8,
    /// Kiosk mode: links as text with their address.
    pub kiosk: bool,
}

/// `src` (an organizer's markup) as nodes, with `{name}` filled in from `rich.values` as text.
pub fn rich_html(src: &str, rich: &Rich<'_>) -> Html {
    let fragment = html::parse(src);
    let top = fragment.top_heading().unwrap_or(1);
    nodes(&fragment.nodes, rich, top)
}

fn nodes(list: &[Node], rich: &Rich<'_>, top: u8) -> Html {
    list.iter().map(|n| node(n, rich, top)).collect()
}

fn node(n: &Node, rich: &Rich<'_>, top: u8) -> Html {
    match n {
        Node::Text(t) => html! { { t.clone() } },
        Node::Pipe(name) => match rich.values.get(name) {
            Some(v) => html! { { v.to_string() } },
            None => html! { { format!("{{{name}}}") } },
        },
        Node::Element(tag, children) => {
            let name = match tag {
                Tag::H(n) => Tag::H(html::heading_level(*n, top, rich.base)).name(),
                t => t.name(),
            };
            html! { <@{name}>{ nodes(children, rich, top) }</@> }
        }
        Node::Link(href, children) if rich.kiosk => {
            let address = href
                .split_once(':')
                .map_or(href.as_str(), |(_, rest)| rest.trim_start_matches("//"))
                .trim_end_matches('/');
            let same = matches!(children.as_slice(), [Node::Text(t)]
                if t.trim() == href || t.trim().trim_end_matches('/') == address);
            if same {
                return html! { <span class="yh-link-text">{ nodes(children, rich, top) }</span> };
            }
            html! {
                <span class="yh-link-text">{ nodes(children, rich, top) }{ format!(" ({address})") }</span>
            }
        }
        Node::Link(href, children) => html! {
            <a href={href.clone()} target="_blank" rel="noopener noreferrer">
                { nodes(children, rich, top) }
                <span class="yh-sr">{ " " }{ i18n::text(rich.locale, Msg::LinkNewTab) }</span>
            </a>
        },
    }
}

#[derive(Properties, PartialEq)]
pub struct NoteProps {
    pub note: Rc<Note>,
    /// The answers its markup pipes in (empty when it has no `{name}`).
    pub values: Values,
    pub locale: Locale,
    pub base: u8,
    pub kiosk: bool,
}

/// An `html` element.
#[function_component]
pub fn NoteView(props: &NoteProps) -> Html {
    let n = &props.note;
    let rich = Rich {
        values: &props.values,
        locale: props.locale,
        base: props.base,
        kiosk: props.kiosk,
    };
    html! {
        <div class="yh-note yh-rich" data-name={n.name.clone()}>{ rich_html(n.text.get(props.locale), &rich) }</div>
    }
}
