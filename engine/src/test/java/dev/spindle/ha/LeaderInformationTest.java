package dev.spindle.ha;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class LeaderInformationTest {
    private static final UUID SESSION = new UUID(0x0102030405060708L, 0x1112131415161718L);

    @Test
    void roundTripsWithAndWithoutRestAddress() throws IOException {
        LeaderInformation both = new LeaderInformation(UUID.randomUUID(), "jm-host:6123", "http://jm-host:8081");
        LeaderInformation rpcOnly = new LeaderInformation(UUID.randomUUID(), "10.0.0.1:40000", null);
        assertEquals(both, LeaderInformation.fromBytes(both.toBytes()));
        assertEquals(rpcOnly, LeaderInformation.fromBytes(rpcOnly.toBytes()));
    }

    @Test
    void theEncodingIsFixed() {
        byte[] expected = HexFormat.of()
                .parseHex("53504c49" + "01" + "0102030405060708" + "1112131415161718" + "0003" + "613a31" + "00");
        assertArrayEquals(expected, new LeaderInformation(SESSION, "a:1", null).toBytes());
    }

    @Test
    void foreignOrNewerOrTruncatedBytesAreRefusedWithAReason() {
        byte[] bytes = new LeaderInformation(SESSION, "a:1", "http://a:2").toBytes();
        assertEquals(
                "not Spindle leader information (3 bytes)",
                assertThrows(IOException.class, () -> LeaderInformation.fromBytes(new byte[] {1, 2, 3}))
                        .getMessage());
        byte[] newer = bytes.clone();
        newer[4] = 2;
        assertEquals(
                "leader information of version 2; this build reads version 1 (are JobManager and TaskManagers of "
                        + "the same Spindle version?)",
                assertThrows(IOException.class, () -> LeaderInformation.fromBytes(newer))
                        .getMessage());
        byte[] truncated = Arrays.copyOf(bytes, bytes.length - 3);
        assertEquals(
                "truncated leader information (" + truncated.length + " bytes)",
                assertThrows(IOException.class, () -> LeaderInformation.fromBytes(truncated))
                        .getMessage());
    }
}
