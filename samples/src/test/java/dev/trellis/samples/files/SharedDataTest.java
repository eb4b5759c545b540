package dev.trellis.samples.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SharedDataTest {

    @Test
    void aGivenPathIsUsedAsItIs() {
        assertEquals(Path.of("mine.json"), SharedData.locate(Path.of("mine.json"), "jsb_chorales.json", "--data"));
    }

    @Test
    void theDefaultIsFoundInSharedDataOfAFolderAboveTheWorkingDirectory() throws Exception {
        // the tests run in the samples module's folder; shared/ sits beside the checkout, two or more levels up
        Path found = SharedData.locate(null, "jsb_chorales.json", "--data");
        assertTrue(Files.isRegularFile(found), found.toString());
        assertTrue(found.endsWith(Path.of("shared", "data", "jsb_chorales.json")), found.toString());
        assertEquals(Files.size(found), Files.size(dev.trellis.samples.Golden.sharedDir().resolve("data")
                .resolve("jsb_chorales.json")));
    }

    @Test
    void aMissingDefaultNamesTheOptionToUse() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SharedData.locate(null, "no_such_data.json", "--data"));
        assertTrue(e.getMessage().startsWith("no no_such_data.json in shared/data of "), e.getMessage());
        assertTrue(e.getMessage().endsWith("or of any folder above; pass --data FILE"), e.getMessage());
    }
}
