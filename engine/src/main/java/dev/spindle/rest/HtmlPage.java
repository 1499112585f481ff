package dev.spindle.rest;

import java.util.Objects;

/**
 * A {@link RestResponse} body that goes out as it is, as {@code text/html; charset=utf-8}, instead
 * of being written as JSON.
 *
 * @param html the page, already escaped where it holds user-given text
 */
record HtmlPage(String html) {
    HtmlPage {
        Objects.requireNonNull(html, "html");
    }
}
