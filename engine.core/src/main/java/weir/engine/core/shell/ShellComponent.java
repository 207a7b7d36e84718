package weir.engine.core.shell;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSessionListener;
import org.apache.felix.service.command.Converter;
import org.apache.felix.service.command.Function;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import weir.engine.api.CalloutRuntime;
import weir.engine.api.Classifier;
import weir.engine.api.FilterEngine;
import weir.engine.api.FlowContexts;
import weir.engine.api.shell.Console;

/**
 * The wfp: shell: registers each command as a Gogo {@link Function} service (scope {@code wfp}, one name each,
 * so hyphenated names work), the {@link Converter} that prints their results, the listener that installs
 * tab completion, and the {@link Console} that prints other bundles' news between commands
 * ({@link ShellConsole}). Only where a Gogo command processor runs: the reference to it keeps this component
 * (and its Gogo classes) asleep otherwise.
 */
@Component(immediate = true, service = {})
public final class ShellComponent {
    private final Shell shell;
    private final List<Command> commands = new ArrayList<>();
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    private volatile CalloutRuntime calloutRuntime;
    /** What bundles print between commands; created at activation. */
    private ShellConsole console;

    @Activate
    public ShellComponent(BundleContext context, @Reference FilterEngine engine, @Reference Classifier classifier,
            @Reference FlowContexts flows, @Reference CommandProcessor processor) {
        this.shell = new Shell(engine, classifier, flows, () -> calloutRuntime);
        commands.add(new LayersCommand(shell));
        commands.add(new LayerCommand(shell));
        commands.add(new SubLayersCommand(shell));
        commands.add(new SubLayerAddCommand(shell));
        commands.add(new SubLayerDeleteCommand(shell));
        commands.add(new ProvidersCommand(shell));
        commands.add(new FiltersCommand(shell));
        commands.add(new FilterCommand(shell));
        commands.add(new FilterAddCommand(shell));
        commands.add(new FilterDeleteCommand(shell));
        commands.add(new CalloutsCommand(shell));
        commands.add(new CalloutResetCommand(shell));
        commands.add(new EventsCommand(shell));
        commands.add(new StatsCommand(shell));
        commands.add(new EngineCommand(shell));
        commands.add(new TxnBeginCommand(shell));
        commands.add(new TxnCommitCommand(shell));
        commands.add(new TxnAbortCommand(shell));
        commands.add(new PolicyImportCommand(shell));
        commands.add(new PolicyExportCommand(shell));
        commands.add(new ShowCommand(shell));
        commands.add(new FlowsCommand(shell));
        commands.add(new ClassifyCommand(shell));
        commands.add(new TraceCommand(shell));
        commands.add(new CommandsCommand(this::commands));
        commands.add(new VersionCommand(context.getBundle().getVersion().toString()));
        for (Command c : commands) {
            Dictionary<String, Object> p = new Hashtable<>();
            p.put("osgi.command.scope", Command.SCOPE);
            p.put("osgi.command.function", c.function());
            registrations.add(context.registerService(Function.class, c, p));
        }
        Dictionary<String, Object> p = new Hashtable<>();
        p.put(Converter.CONVERTER_CLASSES, new String[] {Printable.class.getName(), Record.class.getName(),
                weir.engine.api.shell.Listing.class.getName(), weir.engine.api.shell.NoFormat.class.getName()});
        registrations.add(context.registerService(Converter.class, new ShellConverter(), p));
        // the completion helper is a session variable, not a command: help and wfp:commands do not list it
        registrations.add(context.registerService(CommandSessionListener.class,
                new Completions(this::commands, new CompleteCommand(shell, this::commands)), null));
        console = new ShellConsole(context, context.getProperty(ShellConsole.MODE));
        registrations.add(context.registerService(new String[] {Console.class.getName(),
            CommandSessionListener.class.getName()}, console, null));
    }

    /** The callout runtime view, when a bundle provides it (the callout whiteboard). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setCalloutRuntime(CalloutRuntime runtime) {
        this.calloutRuntime = runtime;
    }

    void unsetCalloutRuntime(CalloutRuntime runtime) {
        if (this.calloutRuntime == runtime) {
            this.calloutRuntime = null;
        }
    }

    List<Command> commands() {
        return List.copyOf(commands);
    }

    @Deactivate
    void deactivate() {
        for (ServiceRegistration<?> r : registrations) {
            try {
                r.unregister();
            } catch (IllegalStateException e) {
                // already gone with the bundle
            }
        }
        registrations.clear();
        if (console != null) {
            console.close();
        }
        shell.close();
    }
}
