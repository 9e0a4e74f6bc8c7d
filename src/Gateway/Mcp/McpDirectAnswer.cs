using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace Router.Gateway.Mcp;

/// <summary>Answers a request of an established session with <c>application/json</c>, without the session's SDK server.</summary>
internal static class McpDirectAnswer
{
    private static readonly JsonTypeInfo<JsonRpcMessage> MessageInfo =
        (JsonTypeInfo<JsonRpcMessage>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(JsonRpcMessage));

    public static async Task WriteAsync(HttpContext context, McpStreamableSession session, IMcpDirectAnswers answers, JsonRpcRequest request, ILogger logger)
    {
        using var cancellation = session.BeginDirect(request.Id, context.RequestAborted);
        JsonRpcMessage answer;
        try
        {
            answer = new JsonRpcResponse { Id = request.Id, Result = await answers.AnswerAsync(request, cancellation.Token) };
        }
        catch (McpProtocolException e)
        {
            answer = new JsonRpcError { Id = request.Id, Error = new JsonRpcErrorDetail { Code = (int)e.ErrorCode, Message = e.Message } };
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            // Cancelled by the agent (notifications/cancelled, or it went away) or the session ended: no answer is owed.
            if (!context.RequestAborted.IsCancellationRequested && !context.Response.HasStarted)
            {
                context.Response.StatusCode = StatusCodes.Status202Accepted;
            }

            return;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            McpLog.DirectAnswerFailed(logger, e, request.Method, McpHttpResponses.PathOf(context));
            answer = new JsonRpcError
            {
                Id = request.Id,
                Error = new JsonRpcErrorDetail { Code = (int)McpErrorCode.InternalError, Message = "The router could not complete the request." },
            };
        }
        finally
        {
            session.EndDirect(request.Id);
        }

        context.Response.Headers[McpHttpProtocol.SessionId] = session.Id;
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(context.Response.Body, answer, MessageInfo, context.RequestAborted);
    }
}
