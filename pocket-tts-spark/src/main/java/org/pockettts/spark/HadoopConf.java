package org.pockettts.spark;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * The driver's Hadoop configuration (with the session's {@code spark.hadoop.*} settings) as plain
 * strings, so that tasks reach the file systems as the driver does: a {@link Configuration} cannot
 * be serialised.
 */
final class HadoopConf implements Serializable {

    private static final long serialVersionUID = 1L;

    private final HashMap<String, String> values = new HashMap<>();

    HadoopConf(Configuration conf) {
        for (Map.Entry<String, String> e : conf) {
            values.put(e.getKey(), e.getValue());
        }
    }

    Configuration get() {
        Configuration conf = new Configuration(false);
        values.forEach(conf::set);
        return conf;
    }
}
