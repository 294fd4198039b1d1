-- Neovim (0.7+) as the editor: open a file, wait for `ssot server`'s diagnostics, apply the
-- preferred quick fix through the editor's own code-action path, save, report what happened.
-- Run by tests/test_neovim.py: `nvim --headless --clean -c "luafile neovim_quickfix.lua"`, with
-- SSOT_NVIM_FILE (the file to open), SSOT_NVIM_ROOT (the workspace), SSOT_NVIM_PYTHON (the
-- interpreter with importlinter-ssot) and SSOT_NVIM_REPORT (where the JSON report goes).
local report = { steps = {} }

local function step(name)
  table.insert(report.steps, name)
end

local function diagnostics(bufnr)
  local found = {}
  for _, item in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(found, {
      lnum = item.lnum, col = item.col, end_lnum = item.end_lnum, end_col = item.end_col,
      severity = item.severity, source = item.source, message = item.message,
      code = item.user_data and item.user_data.lsp and item.user_data.lsp.code or vim.NIL,
    })
  end
  return found
end

local function finish()
  local file = io.open(vim.env.SSOT_NVIM_REPORT, "w")
  file:write(vim.fn.json_encode(report))
  file:close()
  vim.cmd("qall!")
end

local ok, problem = pcall(function()
  vim.cmd("edit " .. vim.fn.fnameescape(vim.env.SSOT_NVIM_FILE))
  local bufnr = vim.api.nvim_get_current_buf()
  local client_id = vim.lsp.start_client({
    name = "ssot",
    cmd = { vim.env.SSOT_NVIM_PYTHON, "-m", "importlinter_ssot", "server" },
    root_dir = vim.env.SSOT_NVIM_ROOT,
  })
  report.client = client_id ~= nil
  vim.lsp.buf_attach_client(bufnr, client_id)
  step("attached")

  if not vim.wait(60000, function() return #vim.diagnostic.get(bufnr) > 0 end, 20) then
    error("no diagnostics within 60 s")
  end
  report.before = diagnostics(bufnr)
  step("diagnostics")

  -- The cursor on the first finding, as a user would put it there; then the editor's code-action
  -- command, its menu answered with the preferred action (the one an "apply fix" mapping takes).
  local first = vim.diagnostic.get(bufnr)[1]
  vim.api.nvim_win_set_cursor(0, { first.lnum + 1, first.col })
  local offered = {}
  vim.ui.select = function(items, _, on_choice)
    local chosen = nil
    for _, item in ipairs(items) do
      table.insert(offered, item[2].title)
      if item[2].isPreferred and chosen == nil then
        chosen = item
      end
    end
    on_choice(chosen)
  end
  local text_before = table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), "\n")
  vim.lsp.buf.code_action()
  if not vim.wait(30000, function()
    return table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), "\n") ~= text_before
  end, 20) then
    error("the quick fix changed nothing")
  end
  report.offered = offered
  step("fixed")

  -- The server checks the edited buffer (didChange): the fixed finding goes.
  vim.wait(30000, function()
    for _, item in ipairs(vim.diagnostic.get(bufnr)) do
      if item.lnum == first.lnum and item.message == first.message then
        return false
      end
    end
    return true
  end, 20)
  report.after = diagnostics(bufnr)
  vim.cmd("write")
  step("written")
  vim.lsp.stop_client(client_id)
end)

if not ok then
  report.error = tostring(problem)
end
finish()
