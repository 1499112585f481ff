package dev.spindle.client.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Spindle run from an Oozie shell or java action. Oozie gives the action's configuration, a Hadoop
 * configuration file, in the file named by {@code $OOZIE_ACTION_CONF_XML} (shell action) or the
 * system property {@code oozie.action.conf.xml} (java action); its
 * {@code oozie.child.mapreduce.job.tags} (and {@code mapreduce.job.tags}) are the tags by which
 * Oozie later finds and kills the action's child applications on YARN, so the applications Spindle
 * submits carry them ({@link #applicationTags}). With {@code $OOZIE_ACTION_OUTPUT_PROPERTIES} (or
 * {@code oozie.action.output.properties}) set, the run's outcome is written there as Java
 * properties, Oozie's capture-output ({@link #writeOutput}).
 *
 * <p>The configuration file is parsed with the JDK's parser with DOCTYPEs refused: no external
 * entity, no XInclude, nothing but the file itself is read.
 */
final class OozieAction {
    static final String CONF_ENV = "OOZIE_ACTION_CONF_XML";
    static final String CONF_PROPERTY = "oozie.action.conf.xml";
    static final String OUTPUT_ENV = "OOZIE_ACTION_OUTPUT_PROPERTIES";
    static final String OUTPUT_PROPERTY = "oozie.action.output.properties";
    /** Where Oozie puts the tags of the action's children; both are read, in this order. */
    static final List<String> TAG_KEYS = List.of("oozie.child.mapreduce.job.tags", "mapreduce.job.tags");
    /** Oozie's default limit of captured output ({@code oozie.action.max.output.data}). */
    static final int MAX_OUTPUT_BYTES = 2048;

    /** Not run from an Oozie action. */
    static final OozieAction NONE = new OozieAction(null, List.of(), null);

    private final String confSource;
    private final List<String> tags;
    private final Path outputFile;

    private OozieAction(String confSource, List<String> tags, Path outputFile) {
        this.confSource = confSource;
        this.tags = List.copyOf(tags);
        this.outputFile = outputFile;
    }

    /** A malformed or missing action configuration: a usage error, nothing is to be submitted. */
    static final class InvalidActionException extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidActionException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The action of this process's environment and system properties. */
    static OozieAction fromEnvironment() throws InvalidActionException {
        return of(System.getenv(), System.getProperties());
    }

    /**
     * The action that {@code env} and {@code properties} describe ({@link #NONE} when neither names
     * a configuration nor an output file); the environment wins over the system property.
     *
     * @throws InvalidActionException when the named configuration file is missing, unreadable or
     *     not a Hadoop configuration file
     */
    static OozieAction of(Map<String, String> env, Properties properties) throws InvalidActionException {
        String confEnv = blankToNull(env.get(CONF_ENV));
        String confFile = confEnv != null ? confEnv : blankToNull(properties.getProperty(CONF_PROPERTY));
        String outputEnv = blankToNull(env.get(OUTPUT_ENV));
        String output = outputEnv != null ? outputEnv : blankToNull(properties.getProperty(OUTPUT_PROPERTY));
        List<String> tags = List.of();
        String source = null;
        if (confFile != null) {
            source = (confEnv != null ? "$" + CONF_ENV : "-D" + CONF_PROPERTY) + "=" + confFile;
            tags = tagsOf(read(Path.of(confFile), source));
        }
        return source == null && output == null
                ? NONE
                : new OozieAction(source, tags, output != null ? Path.of(output) : null);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /** The action configuration's properties, name to value, as a Hadoop configuration file holds them. */
    static Map<String, String> read(Path file, String source) throws InvalidActionException {
        Document document;
        try (InputStream in = Files.newInputStream(file)) {
            document = parser().parse(in);
        } catch (NoSuchFileException e) {
            throw new InvalidActionException(
                    "Oozie's action configuration " + source + " does not exist; "
                            + "run from an Oozie action or unset " + CONF_ENV,
                    e);
        } catch (IOException e) {
            throw new InvalidActionException("cannot read Oozie's action configuration " + source + ": " + e, e);
        } catch (SAXException e) {
            throw new InvalidActionException(
                    "Oozie's action configuration " + source + " is not well-formed XML" + " (DOCTYPEs are refused): "
                            + e.getMessage(),
                    e);
        }
        Element root = document.getDocumentElement();
        if (!"configuration".equals(root.getTagName())) {
            throw new InvalidActionException(
                    "Oozie's action configuration " + source + " is not a Hadoop "
                            + "configuration file: its root element is <" + root.getTagName()
                            + ">, not <configuration>",
                    null);
        }
        Map<String, String> values = new LinkedHashMap<>();
        NodeList properties = root.getElementsByTagName("property");
        for (int i = 0; i < properties.getLength(); i++) {
            Element property = (Element) properties.item(i);
            String name = childText(property, "name");
            if (name != null) {
                String value = childText(property, "value");
                values.put(name.trim(), value == null ? "" : value);
            }
        }
        return values;
    }

    private static String childText(Element parent, String tag) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(tag)) {
                return e.getTextContent();
            }
        }
        return null;
    }

    /** The JDK's DOM parser, closed to everything outside the file: no DOCTYPE, so no entity of any kind. */
    private static DocumentBuilder parser() throws IOException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            factory.setNamespaceAware(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            // The JDK's default handler prints "[Fatal Error]" on stderr before the exception is thrown;
            // this one only throws, so that the user sees one line.
            builder.setErrorHandler(new DefaultHandler());
            return builder;
        } catch (ParserConfigurationException e) {
            throw new IOException("the JDK's XML parser cannot be configured securely: " + e.getMessage(), e);
        }
    }

    /** The tags of both keys, trimmed, without duplicates, in order. */
    static List<String> tagsOf(Map<String, String> conf) {
        Set<String> tags = new LinkedHashSet<>();
        for (String key : TAG_KEYS) {
            String value = conf.get(key);
            if (value != null) {
                for (String tag : value.split(",")) {
                    if (!tag.isBlank()) {
                        tags.add(tag.trim());
                    }
                }
            }
        }
        return new ArrayList<>(tags);
    }

    /** The tags the action's configuration gives, in order; empty when none. */
    List<String> tags() {
        return tags;
    }

    /**
     * The value of {@code yarn.tags} for an application submitted from this action when the user
     * gave none ({@code userTagsGiven} false): the action's tags, announced with one line on
     * {@code err}. Null when there is nothing to add.
     */
    String applicationTags(boolean userTagsGiven, java.io.PrintWriter err) {
        if (tags.isEmpty() || userTagsGiven) {
            return null;
        }
        String joined = String.join(",", tags);
        err.println("Oozie action: the YARN application gets the tags " + joined + " (from " + confSource
                + ") so that Oozie can find and kill it");
        err.flush();
        return joined;
    }

    /** Where the run's outcome goes for Oozie's capture-output, or null. */
    Path outputFile() {
        return outputFile;
    }

    /**
     * Writes {@code applicationId}, {@code jobId} and {@code finalState} (those known) to the output
     * file, if one is named; the file is at most {@link #MAX_OUTPUT_BYTES}.
     */
    void writeOutput(String applicationId, String jobId, String finalState) throws IOException {
        if (outputFile == null) {
            return;
        }
        byte[] bytes = outputBytes(applicationId, jobId, finalState);
        if (bytes.length > MAX_OUTPUT_BYTES) {
            throw new IOException(
                    "the output properties take " + bytes.length + " bytes, more than Oozie's " + MAX_OUTPUT_BYTES);
        }
        Files.write(outputFile, bytes);
    }

    static byte[] outputBytes(String applicationId, String jobId, String finalState) throws IOException {
        Properties output = new Properties();
        putIfKnown(output, "applicationId", applicationId);
        putIfKnown(output, "jobId", jobId);
        putIfKnown(output, "finalState", finalState);
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        output.store(buffer, null);
        // Without store()'s date comment: the file says only what Oozie is to read.
        String text = buffer.toString(StandardCharsets.ISO_8859_1)
                .lines()
                .filter(l -> !l.startsWith("#"))
                .sorted()
                .reduce(new StringBuilder(), (b, l) -> b.append(l).append('\n'), StringBuilder::append)
                .toString();
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void putIfKnown(Properties properties, String key, String value) {
        if (value != null) {
            properties.setProperty(key, value);
        }
    }
}
