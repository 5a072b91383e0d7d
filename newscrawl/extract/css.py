"""CSS selectors over lxml trees, fast enough to run a dozen times on every page of a crawl.

cssselect, and so parsel, turns ``div.a, div.b, #c`` into a union of XPath walks over the whole
document, and libxml2 spends ~0.2 µs on each class test of each element: a portal's dozen list-block
selectors cost ~0.4–0.7 ms on a 50 KB page. A group whose selectors share one tag and test only
classes and ids (``div.wb_14, div.latest, div#tiles``) is matched here in one pass over that tag's
elements, ~10× faster; any other selector runs as XPath. Results are lxml elements in document order,
without parsel's per-node Selector objects.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from cssselect import HTMLTranslator, parse
from cssselect.parser import Class, Element, Hash
from lxml import etree

# From this many selectors a group is matched in Python: below it, libxml2's walk is the faster one.
MERGE_FROM = 6


@dataclass(frozen=True, slots=True)
class Simple:
    """A selector of a tag (or ``*``), classes and an id, and nothing else."""

    tag: str | None
    classes: tuple[str, ...]
    element_id: str | None


@lru_cache(maxsize=512)
def compile_css(css: str) -> etree.XPath:
    """One XPath for the selector group ``css``, relative to the element it is evaluated on.

    Selectors without a combinator share one walk per element name, with an ``or`` of their tests.
    """
    translator = HTMLTranslator()
    conditions: dict[str, list[str]] = {}  # element name → the conditions of its selectors
    walks: list[str] = []
    for selector in parse(css):
        if selector.pseudo_element:
            raise ValueError(f"pseudo-elements such as ::{selector.pseudo_element} select no element: {css}")
        expr = translator.xpath(selector.parsed_tree)
        if expr.path:  # a combinator: a walk of its own
            walks.append(translator.selector_to_xpath(selector, prefix="descendant-or-self::"))
        else:
            conditions.setdefault(expr.element, []).append(expr.condition or "true()")
    merged = [
        f"descendant-or-self::{element}[{' or '.join(f'({test})' for test in tests)}]"
        for element, tests in conditions.items()
    ]
    return etree.XPath(" | ".join(merged + walks))


@lru_cache(maxsize=512)
def simple_selectors(css: str) -> tuple[Simple, ...] | None:
    """The group as :class:`Simple` selectors, or None when any of them is more than that."""
    simple = []
    for selector in parse(css):
        tree, classes, element_id = selector.parsed_tree, [], None
        while isinstance(tree, Class | Hash):
            if isinstance(tree, Class):
                classes.append(tree.class_name)
            elif element_id is None:
                element_id = tree.id
            else:
                return None
            tree = tree.selector
        if not isinstance(tree, Element) or tree.namespace or selector.pseudo_element:
            return None
        simple.append(Simple(tree.element, tuple(reversed(classes)), element_id))
    return tuple(simple)


class TagMatcher:
    """Matches elements of one tag against a group of :class:`Simple` selectors, by their class tokens."""

    def __init__(self, tag: str, selectors: tuple[Simple, ...]) -> None:
        self.tag = tag
        self.any_element = any(not s.classes and s.element_id is None for s in selectors)
        self.by_id: dict[str, list[Simple]] = {}
        self.by_class: dict[str, list[Simple]] = {}
        # The common group, each selector a tag with one class or one id: a set test per element.
        plain = all(len(s.classes) + (s.element_id is not None) == 1 for s in selectors)
        self.plain_classes = frozenset(s.classes[0] for s in selectors if s.classes) if plain else None
        self.plain_ids = frozenset(s.element_id for s in selectors if s.element_id is not None)
        for simple in selectors:
            if simple.element_id is not None:
                self.by_id.setdefault(simple.element_id, []).append(simple)
            elif simple.classes:
                self.by_class.setdefault(simple.classes[0], []).append(simple)

    def select(self, element: etree._Element) -> list[etree._Element]:
        """The matching elements under (and including) ``element``, in document order."""
        names, ids = self.plain_classes, self.plain_ids
        if names is None:
            return [e for e in element.iter(self.tag) if self(e)]
        return [
            e
            for e in element.iter(self.tag)
            if ((classes := e.get("class")) and not names.isdisjoint(classes.split()))
            or (ids and e.get("id") in ids)
        ]

    def __call__(self, element: etree._Element) -> bool:
        if self.any_element:
            return True
        classes = element.get("class")
        tokens = classes.split() if classes else []
        if self.by_class.keys().isdisjoint(tokens) and not self.by_id:
            return False
        element_id = element.get("id") if self.by_id else None
        if element_id in self.by_id and any(
            all(n in tokens for n in s.classes) for s in self.by_id[element_id]
        ):
            return True
        return any(
            all(name in tokens for name in simple.classes)
            for token in tokens
            for simple in self.by_class.get(token, ())
        )


@lru_cache(maxsize=512)
def tag_matcher(css: str, merge_from: int = MERGE_FROM) -> TagMatcher | None:
    """A :class:`TagMatcher` when the group's selectors are simple, of one tag, and at least so many."""
    simple = simple_selectors(css)
    tags = {s.tag for s in simple} if simple else set()
    if not simple or len(simple) < merge_from or len(tags) != 1 or None in tags or "*" in tags:
        return None
    return TagMatcher(simple[0].tag or "", simple)


def select(element: etree._Element, css: str) -> list[etree._Element]:
    """The elements under (and including) ``element`` that match ``css``, in document order."""
    matcher = tag_matcher(css)
    if matcher is not None:
        return matcher.select(element)
    return list(compile_css(css)(element))


def matches(element: etree._Element, css: str) -> bool:
    """True when ``element`` itself matches ``css``."""
    matcher = tag_matcher(css, merge_from=1)
    if matcher is not None:
        return bool(element.tag == matcher.tag and matcher(element))
    return any(found is element for found in compile_css(css)(element))


def first(element: etree._Element, css: str) -> etree._Element | None:
    """The first element that matches ``css``, or ``None``.

    On a whole document, ``#id`` is looked up in libxml2's table of ids (the first element of that id,
    as a walk would find it) instead of walking every element: ~5 µs instead of ~150.
    """
    simple = simple_selectors(css)
    if simple and len(simple) == 1 and simple[0].element_id is not None and element.getparent() is None:
        by_id = element.xpath("id($name)", name=simple[0].element_id)
        holder = by_id[0] if isinstance(by_id, list) and by_id else None
        if isinstance(holder, etree._Element) and _matches(holder, simple[0]):
            return holder
        if holder is None:
            return None
        # A repeated id whose first holder is not the one asked for (``span#x``): walk.
    found = select(element, css)
    return found[0] if found else None


def _matches(element: etree._Element, simple: Simple) -> bool:
    if simple.tag not in (None, "*") and element.tag != simple.tag:
        return False
    if simple.element_id is not None and element.get("id") != simple.element_id:
        return False
    tokens = (element.get("class") or "").split()
    return all(name in tokens for name in simple.classes)


def text_of(element: etree._Element) -> str:
    """All text under ``element``, as XPath ``string()`` reads it (comments left out).

    Most paragraphs and links hold nothing but their text: that is read straight off the element.
    """
    if len(element) == 0:
        return element.text or ""
    return "".join(element.itertext())
