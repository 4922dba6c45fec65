package io.zeta.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "completion", mixinStandardHelpOptions = true,
    description = {"Print a shell completion script for every command and option (picocli's generator).",
        "bash: source <(zeta completion bash), or save it in /etc/bash_completion.d/zeta.",
        "zsh: source <(zeta completion zsh) in ~/.zshrc (the script loads bashcompinit)."})
final class CompletionCommand extends Subcommand {
  /** The shells the script is for: one script serves both (it enables bashcompinit under zsh). */
  enum Shell {
    bash, zsh
  }

  @Parameters(index = "0", paramLabel = "SHELL", description = "bash or zsh.")
  Shell shell;

  @Override
  int execute() {
    // The whole tree, whatever this run built: the script must know every command.
    String script = AutoComplete.bash("zeta", CommandTree.full(new ZetaCommand(env())));
    if (structured()) {
      print(io.zeta.json.Json.object().put("shell", shell.name()).put("script", script));
    } else {
      out().print(script);
      out().flush();
    }
    return 0;
  }
}
