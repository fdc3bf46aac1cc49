package org.pockettts.text;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;
import org.pockettts.api.InvalidInputException;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;
import org.xml.sax.ext.DefaultHandler2;

/**
 * The SSML subset: {@code <speak>}, {@code <break time strength/>}, {@code <p>} and {@code <s>}, with
 * XML's predefined and numeric character references. Parsed by the JDK's XML parser with document
 * type declarations refused outright (so no entity can be declared or fetched: no XXE, no entity
 * expansion bombs). Anything else is an error naming it and its place.
 */
final class SsmlParser {

    /** Silence at the boundaries of a paragraph ({@code <p>}) and of a sentence ({@code <s>}). */
    static final double PARAGRAPH_SECONDS = 0.75;
    static final double SENTENCE_SECONDS = 0.3;

    /** {@code <break strength>} lengths; "none" means no break at all, as in SSML. */
    static final Map<String, Double> STRENGTH_SECONDS = Map.of(
            "none", 0.0, "x-weak", 0.1, "weak", 0.3, "medium", 0.5, "strong", 0.75, "x-strong", 1.25);
    static final String DEFAULT_STRENGTH = "medium";

    private static final String SSML_NAMESPACE = "http://www.w3.org/2001/10/synthesis";
    private static final String SUPPORTED = "Supported SSML: <speak>, <break time=\"…\"/>, <break strength=\"…\"/>,"
            + " <p>, <s>; [pause] tags work inside them too.";

    private SsmlParser() {
    }

    static Markup.Parsed parse(String ssml) {
        SegmentsBuilder out = new SegmentsBuilder(true);
        Handler handler = new Handler(out);
        try {
            XMLReader reader = newReader();
            reader.setContentHandler(handler);
            reader.setErrorHandler(handler);
            reader.setProperty("http://xml.org/sax/properties/lexical-handler", handler);
            reader.parse(new InputSource(new StringReader(ssml)));
        } catch (SAXParseException e) {
            throw new InvalidInputException(describe(e, handler, ssml));
        } catch (SAXException e) {
            throw e.getCause() instanceof InvalidInputException invalid ? invalid : new InvalidInputException("Invalid SSML: " + e.getMessage());
        } catch (IOException e) {
            throw new IllegalStateException("Reading a string failed", e);
        }
        return out.build();
    }

    private static XMLReader newReader() throws SAXException {
        SAXParserFactory factory = SAXParserFactory.newDefaultInstance();
        factory.setNamespaceAware(false);
        factory.setValidating(false);
        factory.setXIncludeAware(false);
        try {
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            return factory.newSAXParser().getXMLReader();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("The JDK's XML parser lacks a security feature", e);
        }
    }

    /** A parse error in the user's terms: unclosed elements and text after {@code </speak>} get their own message. */
    private static String describe(SAXParseException e, Handler handler, String ssml) {
        TextPosition position = new TextPosition(Math.max(1, e.getLineNumber()), Math.max(1, e.getColumnNumber()));
        if (handler.rootClosed) {
            return "Text after </speak> near " + position + ": everything to say must be inside <speak>…</speak>";
        }
        TextPosition end = TextPosition.START.advance(ssml, ssml.length());
        if (!handler.open.isEmpty() && position.line() == end.line() && position.column() >= end.column() - 1) {
            Open innermost = handler.open.peek();
            return "Unclosed <" + innermost.name + "> (opened near " + innermost.position + "): close it with </"
                    + innermost.name + ">";
        }
        return "Invalid SSML near " + position + ": " + e.getMessage()
                + " (in SSML, write &amp; for &, &lt; for <, and close every element)";
    }

    private record Open(String name, TextPosition position) {
    }

    private static final class Handler extends DefaultHandler2 {
        private final SegmentsBuilder out;
        private final Deque<Open> open = new ArrayDeque<>();
        private final StringBuilder run = new StringBuilder();
        private Locator locator;
        /** Where the text since the last markup starts: positions inside it are approximate (entities shift columns). */
        private TextPosition runStart = TextPosition.START;
        private TextPosition lastMarkupEnd = TextPosition.START;
        private boolean rootClosed;

        Handler(SegmentsBuilder out) {
            this.out = out;
        }

        @Override
        public void setDocumentLocator(Locator locator) {
            this.locator = locator;
        }

        @Override
        public void startDTD(String name, String publicId, String systemId) throws SAXException {
            throw fail("SSML cannot contain a document type declaration (<!DOCTYPE …>) near " + here()
                    + ": DTDs and entity declarations are not supported");
        }

        @Override
        public void processingInstruction(String target, String data) throws SAXException {
            throw fail("SSML cannot contain a processing instruction (<?" + target + " …?>) near " + here() + ". " + SUPPORTED);
        }

        @Override
        public void startElement(String uri, String localName, String name, Attributes attributes) throws SAXException {
            flushRun();
            TextPosition position = here();
            String parent = open.isEmpty() ? null : open.peek().name;
            if ("break".equals(parent)) {
                throw fail("<break> must be empty (write <break/>), but contains <" + name + "> near " + position);
            }
            switch (name) {
                case "speak" -> {
                    if (parent != null) {
                        throw fail("<speak> cannot be nested, near " + position);
                    }
                    for (int i = 0; i < attributes.getLength(); i++) {
                        String attribute = attributes.getQName(i);
                        boolean known = attribute.equals("version") || attribute.equals("xml:lang")
                                || (attribute.equals("xmlns") && attributes.getValue(i).equals(SSML_NAMESPACE));
                        if (!known) {
                            throw fail("Unsupported attribute " + attribute + "=\"" + attributes.getValue(i) + "\" on <speak> near "
                                    + position + ": <speak> takes only version, xml:lang and xmlns=\"" + SSML_NAMESPACE + "\"");
                        }
                    }
                }
                case "p", "s" -> {
                    requireRoot(name, parent, position);
                    if (name.equals("p") && (parent.equals("p") || parent.equals("s"))) {
                        throw fail("<p> cannot be inside <" + parent + ">, near " + position);
                    }
                    if (name.equals("s") && parent.equals("s")) {
                        throw fail("<s> cannot be inside <s>, near " + position);
                    }
                    if (attributes.getLength() > 0) {
                        throw fail("Unsupported attribute " + attributes.getQName(0) + " on <" + name + "> near " + position
                                + ": <p> and <s> take no attributes");
                    }
                    out.boundary(name.equals("p") ? PARAGRAPH_SECONDS : SENTENCE_SECONDS, position);
                }
                case "break" -> {
                    requireRoot(name, parent, position);
                    breakElement(attributes, position);
                }
                default -> throw fail("Unsupported SSML element <" + name + "> near " + position + ". " + SUPPORTED);
            }
            open.push(new Open(name, position));
        }

        @Override
        public void endElement(String uri, String localName, String name) throws SAXException {
            flushRun();
            open.pop();
            switch (name) {
                case "p" -> out.boundary(PARAGRAPH_SECONDS, here());
                case "s" -> out.boundary(SENTENCE_SECONDS, here());
                case "speak" -> rootClosed = true;
                default -> {
                    // <break> was handled when it opened.
                }
            }
        }

        @Override
        public void characters(char[] ch, int start, int length) throws SAXException {
            if (!open.isEmpty() && open.peek().name.equals("break") && !new String(ch, start, length).isBlank()) {
                throw fail("<break> must be empty (write <break/>), but contains text near " + here());
            }
            if (run.isEmpty()) {
                runStart = lastMarkupEnd;
            }
            run.append(ch, start, length);
        }

        @Override
        public void comment(char[] ch, int start, int length) {
            // A comment is not spoken; the text on either side stays one run.
        }

        @Override
        public void endDocument() throws SAXException {
            flushRun();
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }

        /** Scans the text since the last element for pause tags. */
        private void flushRun() throws SAXException {
            if (!run.isEmpty()) {
                try {
                    PauseTags.scan(run.toString(), runStart, true, out);
                } catch (InvalidInputException e) {
                    throw new SAXException(e);
                }
                run.setLength(0);
            }
            lastMarkupEnd = here();
        }

        private void breakElement(Attributes attributes, TextPosition position) throws SAXException {
            String time = null;
            String strength = null;
            for (int i = 0; i < attributes.getLength(); i++) {
                switch (attributes.getQName(i)) {
                    case "time" -> time = attributes.getValue(i);
                    case "strength" -> strength = attributes.getValue(i);
                    default -> throw fail("Unsupported attribute " + attributes.getQName(i) + " on <break> near " + position
                            + ": <break> takes time=\"1.5s\" or strength=\"none|x-weak|weak|medium|strong|x-strong\"");
                }
            }
            Double strengthSeconds = STRENGTH_SECONDS.get((strength == null ? DEFAULT_STRENGTH : strength).toLowerCase(Locale.ROOT));
            if (strength != null && strengthSeconds == null) {
                throw fail("Unknown <break strength=\"" + strength + "\"> near " + position
                        + ": use none, x-weak, weak, medium, strong or x-strong");
            }
            if (time != null) {
                // As in SSML, a time given overrides the strength.
                try {
                    out.pause(PauseLength.parseSeconds(time), position);
                } catch (IllegalArgumentException e) {
                    throw fail("Invalid <break time=\"" + time + "\"> near " + position + ": " + e.getMessage() + ". Write "
                            + PauseLength.ACCEPTED_FORMS + " (at most " + (int) Markup.MAX_PAUSE_SECONDS + " s)");
                }
            } else if (strengthSeconds > 0) {
                out.pause(strengthSeconds, position);
            }
        }

        private void requireRoot(String name, String parent, TextPosition position) throws SAXException {
            if (parent == null) {
                throw fail("The SSML root element must be <speak>, not <" + name + ">, near " + position);
            }
        }

        private TextPosition here() {
            return locator == null ? TextPosition.START
                    : new TextPosition(Math.max(1, locator.getLineNumber()), Math.max(1, locator.getColumnNumber()));
        }

        private static SAXException fail(String message) {
            return new SAXException(new InvalidInputException(message));
        }
    }
}
