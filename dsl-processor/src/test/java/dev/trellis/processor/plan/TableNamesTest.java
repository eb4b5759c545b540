package dev.trellis.processor.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Table names are unique Java identifiers. */
class TableNamesTest {

    @Test
    void a_taken_name_gets_a_number() {
        var names = new TableNames();
        assertEquals("dataProduct", names.unique("dataProduct"));
        assertEquals("dataProduct2", names.unique("dataProduct"));
        assertEquals("dataProduct3", names.unique("dataProduct"));
    }

    @Test
    void site_and_plate_names_that_are_no_identifiers_are_made_into_one() {
        var names = new TableNames();
        assertEquals("my_siteEvidence", names.unique("my-siteEvidence"));
        assertEquals("t2ndProduct", names.unique("2ndProduct"));
    }
}
