package dev.gochan.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void parsesNestedValues() {
        Object v = Json.parse(" { \"a\" : [1, -2.5e3, true, false, null, {}, []], \"b\": \"x\" } ");
        assertThat(v).isEqualTo(Map.of("a", java.util.Arrays.asList(1.0, -2500.0, true, false, null, Map.of(),
                List.of()), "b", "x"));
    }

    @Test
    void parsesStringEscapes() {
        assertThat(Json.parse("\"q\\\"b\\\\s\\/n\\nt\\tu\\u00e9\"")).isEqualTo("q\"b\\s/n\nt\tu\u00e9");
    }

    @Test
    void readsNumbersWrittenAsStrings() {
        assertThat(Json.number(Json.parse("\"NaN\""))).isNaN();
        assertThat(Json.number(Json.parse("\"12.5\""))).isEqualTo(12.5);
        assertThat(Json.number(Json.parse("3"))).isEqualTo(3.0);
        assertThatThrownBy(() -> Json.number("abc")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsMalformedText() {
        for (String bad : new String[] {"", "[1,]", "{\"a\" 1}", "[1] 2", "\"open", "tru", "{1: 2}"}) {
            assertThatThrownBy(() -> Json.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
