// The VS Code side of `ssot server`: start it over stdio for Python files and policy files, pass
// the settings as initialization options. Everything else (diagnostics, quick fixes, hover,
// watching the policy) is the server's; this is the generic client VS Code needs an extension for.
"use strict";

const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

let client;

function serverOptions(settings) {
  const [command, ...args] = settings.get("command") || ["ssot", "server"];
  return { command, args, transport: TransportKind.stdio };
}

function clientOptions(settings) {
  const today = settings.get("today");
  return {
    documentSelector: [
      { scheme: "file", language: "python" },
      { scheme: "file", pattern: "**/{contracts/*.toml,pyproject.toml}" },
    ],
    initializationOptions: {
      baselined: settings.get("baselined"),
      policies: settings.get("policies"),
      today: today ? today : undefined,
    },
  };
}

function activate(context) {
  const settings = vscode.workspace.getConfiguration("ssot");
  client = new LanguageClient("ssot", "importlinter-ssot", serverOptions(settings), clientOptions(settings));
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration("ssot")) {
        vscode.window.showInformationMessage("importlinter-ssot: reload the window to apply the new settings.");
      }
    })
  );
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate, serverOptions, clientOptions };
