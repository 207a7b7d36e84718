package weir.callouts.nat;

import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * One {@code weir.nat.rule} factory configuration in force as a rule. A configuration that does not make a
 * valid rule is not an error of the framework: it is shown by {@code nat:rules} and printed as one line, and
 * the component stays active so that fixing the configuration applies it.
 */
@Component(configurationPid = ConfiguredRule.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = NatRuleConfig.class, factory = true)
public final class ConfiguredRule {
    static final String PID = "weir.nat.rule";

    private final RuleBook book;
    private final String source;
    private NatRule rule;

    @Activate
    public ConfiguredRule(@Reference RuleBook book, NatRuleConfig config, Map<String, Object> properties) {
        this.book = book;
        Object pid = properties.get("service.pid");
        this.source = "config " + (pid == null ? PID : pid);
        apply(config);
    }

    @Modified
    void modified(NatRuleConfig config) {
        apply(config);
    }

    @Deactivate
    void deactivate() {
        synchronized (this) {
            if (rule != null) {
                book.remove(rule.id);
                rule = null;
            }
        }
        book.forgetRejection(source);
    }

    private synchronized void apply(NatRuleConfig config) {
        try {
            RuleSpec spec = RuleSpec.of(config.type(), config.inside(), config.outside(), config.protocol(),
                    config.ports());
            rule = rule == null ? book.add(spec, source) : book.replace(rule.id, spec, source);
            book.forgetRejection(source);
        } catch (RuleException e) {
            String line = source + " (type=" + config.type() + " inside=" + config.inside() + " outside="
                    + config.outside() + "): " + e.getMessage();
            // the configuration is the truth: an invalid one means no rule, not the last valid one
            if (rule != null) {
                book.remove(rule.id);
                rule = null;
            }
            book.reject(source, line);
            // one line for whoever watches the console; nat:rules shows it too
            System.err.println("weir nat: rule not applied: " + line);
        }
    }
}
