using System.Data.Common;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Router.Abstractions.Grains;
using Router.Abstractions.Persistence;
using Router.Gateway.Diagnostics;

namespace Router.Gateway.Http;

/// <summary>
/// Answers what a handler did not expect with problem details that carry no exception text: a malformed request Kestrel
/// rejected mid-read is 400 (413 when too large); a grain or storage that did not complete is 503 (retry); anything else
/// is 500. Each is logged with its exception.
/// </summary>
internal sealed class RouterExceptionHandler(ILogger<RouterExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        ArgumentNullException.ThrowIfNull(exception);
        if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nobody reads an answer.
            return true;
        }

        var request = httpContext.Request;
        IResult answer;
        switch (exception)
        {
            case BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }:
                answer = ProblemResults.PayloadTooLarge(JsonBodyReader.MaxBytes);
                break;
            case BadHttpRequestException:
                answer = ProblemResults.Invalid(JsonBodyReader.BodyField, "The request could not be read.");
                break;
            case GrainCallTimeoutException or GrainActivationException or InconsistentStateException or SiloUnavailableException or DbException or TimeoutException:
                GatewayLog.RegistryUnavailable(logger, exception, request.Method, request.Path);
                answer = ProblemResults.Unavailable();
                break;
            default:
                GatewayLog.RequestFailed(logger, exception, request.Method, request.Path);
                answer = ProblemResults.Unexpected();
                break;
        }

        await answer.ExecuteAsync(httpContext).ConfigureAwait(false);
        return true;
    }
}
