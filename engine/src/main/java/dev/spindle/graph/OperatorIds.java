package dev.spindle.graph;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Operator ids: 128 bits as 32 lower-case hex digits, what checkpoints and savepoints key operator
 * state by. An operator with a {@code uid} gets the MD5 of {@code "uid:" + uid}, so it keeps its id
 * (and its state) whatever else changes in the program. Without one, the id is derived from the
 * operator's place in the program: the MD5 of its position among the program's steps in the order
 * the job graph builder visits them, whether it is a source, and the ids of its inputs. The same
 * program gets the same ids every time it is built; adding, removing or reordering steps before an
 * operator changes its id, which is why stateful operators should have a uid.
 */
public final class OperatorIds {
    private OperatorIds() {}

    /** The id of an operator whose uid is {@code uid}. */
    public static String fromUid(String uid) {
        return md5("uid:" + uid);
    }

    /** The id of an operator without a uid (see the class comment). */
    static String generated(int position, boolean source, List<String> inputIds) {
        return md5("auto:" + position + ":" + (source ? "source" : "operator") + ":" + String.join(",", inputIds));
    }

    /** Whether {@code id} looks like an operator id: 32 lower-case hex digits. */
    public static boolean isValid(String id) {
        return id != null && id.matches("[0-9a-f]{32}");
    }

    private static String md5(String s) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    }
}
